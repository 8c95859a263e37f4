package dev.paas.cli.core;

import dev.paas.model.HealthCheck;
import dev.paas.model.ProcessRequest;
import dev.paas.pushrules.RouteAddress;
import java.util.List;
import java.util.Map;

/**
 * What {@code paas push} will do for one app, merged (flags over manifest) and validated. Null
 * fields keep the app's current value on an update, or the control plane's default on a create.
 *
 * @param path       absolute path of the bits (a directory, a jar, a binary)
 * @param memory     canonical size, e.g. {@code 512M}
 * @param diskQuota  canonical size, e.g. {@code 1G}; the guest's writable space
 * @param command    empty string clears a command set before
 * @param routes     routes to map; empty with {@code noRoute}
 * @param buildpacks paas's runtime ({@code java}, {@code native}, {@code static}) or empty to detect
 * @param processes  the manifest's process types other than web, each created or updated by the push
 * @param docker     the image to run instead of bits (then {@code path} is null and {@code buildpacks} empty)
 * @param idleTimeoutSeconds the manifest's {@code idle-timeout:} (scale to zero) in seconds; null: leave it
 * @param clones     snapshot clones for the app ({@code --clones}/{@code --no-clones} over the
 *                   manifest's {@code clones:}); null: leave it
 */
public record PushPlan(String name, String path, String memory, Integer instances, String command,
                       Map<String, String> env, HealthCheck healthCheck, List<RouteAddress> routes, boolean noRoute,
                       List<String> buildpacks, String diskQuota, List<ProcessPlan> processes, Docker docker,
                       Integer idleTimeoutSeconds, Boolean clones) {

    /** Clones left as they are. */
    public PushPlan(String name, String path, String memory, Integer instances, String command,
                    Map<String, String> env, HealthCheck healthCheck, List<RouteAddress> routes, boolean noRoute,
                    List<String> buildpacks, String diskQuota, List<ProcessPlan> processes, Docker docker,
                    Integer idleTimeoutSeconds) {
        this(name, path, memory, instances, command, env, healthCheck, routes, noRoute, buildpacks, diskQuota, processes,
                docker, idleTimeoutSeconds, null);
    }

    public PushPlan {
        processes = processes == null ? List.of() : List.copyOf(processes);
    }

    /** Bits, with process types. */
    public PushPlan(String name, String path, String memory, Integer instances, String command,
                    Map<String, String> env, HealthCheck healthCheck, List<RouteAddress> routes, boolean noRoute,
                    List<String> buildpacks, String diskQuota, List<ProcessPlan> processes) {
        this(name, path, memory, instances, command, env, healthCheck, routes, noRoute, buildpacks, diskQuota, processes, null,
                null);
    }

    /**
     * A docker image: its reference (as written; checked) and the registry user, null for an
     * anonymous pull (the password comes from the environment when the push runs).
     */
    public record Docker(String image, String username) {
    }

    /** Without process types other than web. */
    public PushPlan(String name, String path, String memory, Integer instances, String command,
                    Map<String, String> env, HealthCheck healthCheck, List<RouteAddress> routes, boolean noRoute,
                    List<String> buildpacks, String diskQuota) {
        this(name, path, memory, instances, command, env, healthCheck, routes, noRoute, buildpacks, diskQuota, List.of());
    }

    /** One process type other than web and what the push sends for it ({@code PUT .../processes/TYPE}). */
    public record ProcessPlan(String type, ProcessRequest request) {
    }
}
