package dev.paas.model;

/**
 * {@code PUT /v1/spaces/{space}/apps/{app}/processes/{type}}: creates the process type (any type
 * but {@code web} needs a {@code command}) or changes the fields that are not null, as
 * {@code cf scale APP --process TYPE -i N -m MEM -k DISK} and a manifest's {@code processes:} do.
 * For {@code web} the app itself changes (its command, instances, memory, disk, health check).
 *
 * @param version     optional: when sent, the process's current version, else 409 (the app's for web)
 * @param command     the start command; it runs from the app's image with the app's env
 * @param memory      per instance ({@code 128M}); a change rolls the process's instances
 * @param disk        disk quota per instance ({@code 1G})
 * @param healthCheck a process other than web defaults to {@code PROCESS} (Cloud Foundry v3)
 */
public record ProcessRequest(Long version, String command, Integer instances, String memory, String disk,
                             HealthCheck healthCheck) {
}
