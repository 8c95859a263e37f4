package dev.paas.model;

import java.time.Instant;
import java.util.Map;

/**
 * An app's desired state as the API shows it.
 *
 * @param memory  normalised size, e.g. {@code "256M"} or {@code "1G"}
 * @param version optimistic-lock version: send it back with an update
 * @param disk    normalised disk quota per instance (the guest's writable space), null when none
 *                was set: then Cloud Foundry's default, 1G
 * @param idleTimeoutSeconds after this long without a routed request the app's instances stop
 *                (scale to zero); 0: never
 * @param idle    its instances were stopped for its idle timeout; the next request starts one
 */
public record AppView(String name, String space, AppState state, int instances, String memory,
                      String command, Map<String, String> env, HealthCheck healthCheck,
                      long version, Instant createdAt, Instant updatedAt, String disk, int idleTimeoutSeconds,
                      boolean idle) {

    /** Without an idle timeout. */
    public AppView(String name, String space, AppState state, int instances, String memory, String command,
                   Map<String, String> env, HealthCheck healthCheck, long version, Instant createdAt,
                   Instant updatedAt, String disk) {
        this(name, space, state, instances, memory, command, env, healthCheck, version, createdAt, updatedAt, disk, 0,
                false);
    }

    /** Without a disk quota. */
    public AppView(String name, String space, AppState state, int instances, String memory, String command,
                   Map<String, String> env, HealthCheck healthCheck, long version, Instant createdAt,
                   Instant updatedAt) {
        this(name, space, state, instances, memory, command, env, healthCheck, version, createdAt, updatedAt, null);
    }
}
