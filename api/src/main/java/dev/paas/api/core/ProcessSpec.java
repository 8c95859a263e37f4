package dev.paas.api.core;

import dev.paas.model.HealthCheckType;
import dev.paas.model.ProcessRequest;
import dev.paas.pushrules.ByteSize;
import dev.paas.pushrules.ProcessTypes;

/**
 * A validated process type other than web (a worker, a clock...): built once from a request by
 * {@link #create} or {@link #update}, so nothing is written before every field passed. Fields
 * are refused by the request's names: {@code command}, {@code instances}, {@code memory},
 * {@code disk}, {@code healthCheck.*}.
 */
public record ProcessSpec(String type, String command, int instances, ByteSize memory, ByteSize disk,
                          HealthCheckSpec healthCheck) {

    /** Cloud Foundry v3: a process other than web is checked by its process being alive. */
    public static final HealthCheckSpec DEFAULT_HEALTH_CHECK = new HealthCheckSpec(HealthCheckType.PROCESS, null, 60);

    /** A process type name, refused on {@code type} (a 404 would hide a typo as "not found"). */
    public static String type(String type) {
        return ApiException.checked("type", type, ProcessTypes::problem);
    }

    /** A new process type: needs a command (only web has the buildpack's); others default as Cloud Foundry does. */
    public static ProcessSpec create(String type, ProcessRequest req) {
        if (req == null || req.command() == null || req.command().isBlank()) {
            throw ApiException.invalid("command", "is required for a new process type '" + type + "': paas runs "
                    + "it from the app's image with this command (only web has the buildpack's)");
        }
        return new ProcessSpec(type, AppSpec.command(req.command()),
                req.instances() == null ? 1 : AppSpec.instances(req.instances()),
                req.memory() == null ? ByteSize.DEFAULT_MEMORY : AppSpec.memory(req.memory()),
                req.disk() == null ? null : AppSpec.disk(req.disk()),
                HealthCheckSpec.merge(DEFAULT_HEALTH_CHECK, req.healthCheck()));
    }

    /** This spec with the non-null fields of {@code req} applied; an empty command is refused (it would run nothing). */
    public ProcessSpec update(ProcessRequest req) {
        if (req == null) {
            return this;
        }
        if (req.command() != null && req.command().isBlank()) {
            throw ApiException.invalid("command", "must not be empty for process type '" + type + "'; send its start command");
        }
        return new ProcessSpec(type,
                req.command() == null ? command : AppSpec.command(req.command()),
                req.instances() == null ? instances : AppSpec.instances(req.instances()),
                req.memory() == null ? memory : AppSpec.memory(req.memory()),
                req.disk() == null ? disk : AppSpec.disk(req.disk()),
                HealthCheckSpec.merge(healthCheck, req.healthCheck()));
    }
}
