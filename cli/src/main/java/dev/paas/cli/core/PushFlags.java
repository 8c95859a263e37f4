package dev.paas.cli.core;

/**
 * The flags of {@code paas push} that override a manifest. A null field (or false for the two
 * route switches) was not given.
 *
 * @param buildpack {@code -b}: one buildpack name, Cloud Foundry's or ours
 * @param stack     {@code -s}
 * @param diskQuota {@code -k}, e.g. {@code 1G}
 * @param dockerImage    {@code --docker-image} ({@code -o})
 * @param dockerUsername {@code --docker-username}
 * @param dockerPasswordSet whether {@code PAAS_DOCKER_PASSWORD} (or {@code CF_DOCKER_PASSWORD}) is
 *                       set: the planner refuses a username without it; the password itself never
 *                       enters a plan
 * @param clones    {@code --clones} (true) or {@code --no-clones} (false): snapshot clones for the app;
 *                  null when neither was given
 */
public record PushFlags(String path, String command, String memory, Integer instances, Boolean noRoute,
                        Boolean randomRoute, String healthCheckType, String healthCheckHttpEndpoint,
                        Integer timeout, String buildpack, String stack, String diskQuota, String dockerImage,
                        String dockerUsername, boolean dockerPasswordSet, Boolean clones) {

    /** Without {@code --clones} / {@code --no-clones}. */
    public PushFlags(String path, String command, String memory, Integer instances, Boolean noRoute,
                     Boolean randomRoute, String healthCheckType, String healthCheckHttpEndpoint,
                     Integer timeout, String buildpack, String stack, String diskQuota, String dockerImage,
                     String dockerUsername, boolean dockerPasswordSet) {
        this(path, command, memory, instances, noRoute, randomRoute, healthCheckType, healthCheckHttpEndpoint, timeout,
                buildpack, stack, diskQuota, dockerImage, dockerUsername, dockerPasswordSet, null);
    }

    /** Without docker flags. */
    public PushFlags(String path, String command, String memory, Integer instances, Boolean noRoute,
                     Boolean randomRoute, String healthCheckType, String healthCheckHttpEndpoint,
                     Integer timeout, String buildpack, String stack, String diskQuota) {
        this(path, command, memory, instances, noRoute, randomRoute, healthCheckType, healthCheckHttpEndpoint, timeout,
                buildpack, stack, diskQuota, null, null, false);
    }

    public static PushFlags none() {
        return new PushFlags(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Whether any flag that describes a single app was given (they cannot apply to several). */
    public boolean anyAppFlag() {
        return path != null || command != null || memory != null || instances != null || Boolean.TRUE.equals(noRoute)
                || Boolean.TRUE.equals(randomRoute) || healthCheckType != null || healthCheckHttpEndpoint != null
                || timeout != null || buildpack != null || stack != null || diskQuota != null || dockerImage != null
                || dockerUsername != null || clones != null;
    }
}
