package dev.paas.model;

import java.time.Instant;
import java.util.Map;

/**
 * An app's desired state as the API shows it.
 *
 * @param memory  normalised size, e.g. {@code "256M"} or {@code "1G"}
 * @param version optimistic-lock version: send it back with an update
 */
public record AppView(String name, String space, AppState state, int instances, String memory,
                      String command, Map<String, String> env, HealthCheck healthCheck,
                      long version, Instant createdAt, Instant updatedAt) {
}
