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
 * @param idleTimeoutSeconds after this long without a routed request the app's instances stop
 *                (scale to zero); 0: never
 * @param idle    its instances were stopped for its idle timeout; the next request starts one
 * @param clones  its instances may start from a snapshot of a warm instance (snapshot clones; the
 *                default); false: every instance boots cold and none is snapshotted; null from a
 *                control plane without the setting (clones allowed)
 */
public record AppView(String name, String space, AppState state, int instances, String memory,
                      String command, Map<String, String> env, HealthCheck healthCheck,
                      long version, Instant createdAt, Instant updatedAt, String disk, String dockerImage,
                      int idleTimeoutSeconds, boolean idle, Boolean clones) {

    /** Clones allowed. */
    public AppView(String name, String space, AppState state, int instances, String memory, String command,
                   Map<String, String> env, HealthCheck healthCheck, long version, Instant createdAt,
                   Instant updatedAt, String disk, String dockerImage, int idleTimeoutSeconds, boolean idle) {
        this(name, space, state, instances, memory, command, env, healthCheck, version, createdAt, updatedAt, disk,
                dockerImage, idleTimeoutSeconds, idle, true);
    }

    /** Whether snapshot clones are allowed (null, from an older control plane, is the default: yes). */
    public boolean clonesAllowed() {
        return !Boolean.FALSE.equals(clones);
    }

    /** Built from bits, without an idle timeout. */
    public AppView(String name, String space, AppState state, int instances, String memory, String command,
                   Map<String, String> env, HealthCheck healthCheck, long version, Instant createdAt,
                   Instant updatedAt, String disk) {
        this(name, space, state, instances, memory, command, env, healthCheck, version, createdAt, updatedAt, disk, null);
    }

    /** Without an idle timeout. */
    public AppView(String name, String space, AppState state, int instances, String memory, String command,
                   Map<String, String> env, HealthCheck healthCheck, long version, Instant createdAt,
                   Instant updatedAt, String disk, String dockerImage) {
        this(name, space, state, instances, memory, command, env, healthCheck, version, createdAt, updatedAt, disk,
                dockerImage, 0, false);
    }

    /** Built from bits. */
    public AppView(String name, String space, AppState state, int instances, String memory, String command,
                   Map<String, String> env, HealthCheck healthCheck, long version, Instant createdAt,
                   Instant updatedAt, String disk, int idleTimeoutSeconds, boolean idle) {
        this(name, space, state, instances, memory, command, env, healthCheck, version, createdAt, updatedAt, disk,
                null, idleTimeoutSeconds, idle);
    }

    /** Without a disk quota. */
    public AppView(String name, String space, AppState state, int instances, String memory, String command,
                   Map<String, String> env, HealthCheck healthCheck, long version, Instant createdAt,
                   Instant updatedAt) {
        this(name, space, state, instances, memory, command, env, healthCheck, version, createdAt, updatedAt, null);
    }
}
