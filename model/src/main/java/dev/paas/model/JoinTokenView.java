package dev.paas.model;

import java.time.Instant;

/**
 * A join token of a node pool. {@code token} is the secret and is only present in the answer
 * to its creation; afterwards only its id and metadata are shown.
 */
public record JoinTokenView(long id, String pool, String description, String createdBy, Instant createdAt,
                            Instant expiresAt, Instant revokedAt, String token) {
}
