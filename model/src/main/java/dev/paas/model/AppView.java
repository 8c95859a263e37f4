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
 * @param dockerImage the docker image the current revision was pulled from ({@code cf app}'s
 *                "docker image"), null when it was built from bits
 */
public record AppView(String name, String space, AppState state, int instances, String memory,
                      String command, Map<String, String> env, HealthCheck healthCheck,
                      long version, Instant createdAt, Instant updatedAt, String disk, String dockerImage) {

    /** Built from bits. */
    public AppView(String name, String space, AppState state, int instances, String memory, String command,
                   Map<String, String> env, HealthCheck healthCheck, long version, Instant createdAt,
                   Instant updatedAt, String disk) {
        this(name, space, state, instances, memory, command, env, healthCheck, version, createdAt, updatedAt, disk, null);
    }

    /** Without a disk quota. */
    public AppView(String name, String space, AppState state, int instances, String memory, String command,
                   Map<String, String> env, HealthCheck healthCheck, long version, Instant createdAt,
                   Instant updatedAt) {
        this(name, space, state, instances, memory, command, env, healthCheck, version, createdAt, updatedAt, null);
    }
}
