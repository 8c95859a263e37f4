package dev.paas.model;

/** A member of a space. */
public record MemberView(String username, Role role) {
}
