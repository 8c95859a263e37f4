package dev.paas.model;

import java.time.Instant;

/**
 * What a service broker last did, or is doing, with a managed service instance or binding (OSB's
 * last operation).
 *
 * @param type        {@code create}, {@code update} or {@code delete}
 * @param state       {@code in progress}, {@code succeeded} or {@code failed}
 * @param description what happened, in words (the broker's, or paas's when the broker failed)
 */
public record LastOperationView(String type, String state, String description, Instant updatedAt) {

    public static final String IN_PROGRESS = "in progress";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
}
