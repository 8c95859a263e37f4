package dev.paas.model;

/** What a user may do: {@code admin} operates everything; {@code developer} works in its spaces. */
public enum Role {
    ADMIN, DEVELOPER
}
