package dev.paas.model;

/**
 * An app's health check, with Cloud Foundry's semantics. In requests every field may be
 * null (keep the current value or the default); in responses all are set except
 * {@code endpoint}, which only an {@code HTTP} check has.
 *
 * @param timeout seconds the instance may take to become healthy after start (1-180)
 */
public record HealthCheck(HealthCheckType type, String endpoint, Integer timeout) {
}
