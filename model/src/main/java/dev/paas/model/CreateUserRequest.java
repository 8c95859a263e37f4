package dev.paas.model;

/** {@code POST /v1/users} (admin). */
public record CreateUserRequest(String username, String password, Role role) {
}
