package dev.paas.model;

import java.time.Instant;

/** A user as the API shows it; never carries the password hash. */
public record UserView(String username, Role role, Instant createdAt) {
}
