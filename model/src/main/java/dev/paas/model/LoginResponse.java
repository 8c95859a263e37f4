package dev.paas.model;

import java.time.Instant;

/** The answer to a login: a bearer token (shown once) and who it belongs to. */
public record LoginResponse(String token, Instant expiresAt, UserView user) {
}
