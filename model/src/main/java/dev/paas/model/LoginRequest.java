package dev.paas.model;

/** {@code POST /v1/auth/login}. */
public record LoginRequest(String username, String password) {
}
