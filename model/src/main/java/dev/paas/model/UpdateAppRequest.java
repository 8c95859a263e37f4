package dev.paas.model;

import java.util.Map;

/**
 * {@code PATCH /v1/spaces/{space}/apps/{app}}. {@code version} is required (the one last read);
 * null fields are left as they are. {@code env} replaces the whole map; an empty
 * {@code command} clears it.
 *
 * @param disk disk quota per instance ({@code 1G}): the guest's writable space; a change rolls the instances
 * @param idleTimeoutSeconds 0 to 86400: after this long without a routed request the app's
 *                   instances stop until the next request (scale to zero); 0 never
 * @param clones     false: the app's instances boot cold and are never snapshotted (snapshot clones
 *                   off); true: clones allowed again. Applies to instances started from then on
 */
public record UpdateAppRequest(Long version, Integer instances, String memory, String command,
                               Map<String, String> env, HealthCheck healthCheck, String disk,
                               Integer idleTimeoutSeconds, Boolean clones) {

    /** Without clones (left as they are). */
    public UpdateAppRequest(Long version, Integer instances, String memory, String command, Map<String, String> env,
                            HealthCheck healthCheck, String disk, Integer idleTimeoutSeconds) {
        this(version, instances, memory, command, env, healthCheck, disk, idleTimeoutSeconds, null);
    }

    /** Without an idle timeout (left as it is). */
    public UpdateAppRequest(Long version, Integer instances, String memory, String command, Map<String, String> env,
                            HealthCheck healthCheck, String disk) {
        this(version, instances, memory, command, env, healthCheck, disk, null);
    }

    /** Without a disk quota (left as it is). */
    public UpdateAppRequest(Long version, Integer instances, String memory, String command, Map<String, String> env,
                            HealthCheck healthCheck) {
        this(version, instances, memory, command, env, healthCheck, null);
    }
}
