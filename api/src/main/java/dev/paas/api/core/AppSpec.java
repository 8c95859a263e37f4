package dev.paas.api.core;

import dev.paas.model.CreateAppRequest;
import dev.paas.model.UpdateAppRequest;
import dev.paas.pushrules.AppRules;
import dev.paas.pushrules.Buildpacks;
import dev.paas.pushrules.ByteSize;
import dev.paas.pushrules.Names;
import java.util.Map;

/**
 * The validated, user-settable part of an app. Built once from a request by {@link #create} or
 * {@link #update}; code after that never sees unvalidated input.
 */
public record AppSpec(String name, int instances, ByteSize memory, String command,
                      Map<String, String> env, HealthCheckSpec healthCheck, ByteSize disk) {

    public static final int MAX_INSTANCES = AppRules.MAX_INSTANCES;

    public AppSpec {
        env = Map.copyOf(env);
    }

    public static AppSpec create(CreateAppRequest req) {
        if (req == null) {
            throw ApiException.invalid("body", "is required: send {\"name\": \"my-app\"}");
        }
        return new AppSpec(
                ApiException.checked("name", req.name(), Names::dnsLabelProblem),
                req.instances() == null ? 1 : instances(req.instances()),
                req.memory() == null ? ByteSize.DEFAULT_MEMORY : memory(req.memory()),
                command(req.command()),
                EnvVars.validate(req.env()),
                HealthCheckSpec.merge(HealthCheckSpec.DEFAULT, req.healthCheck()),
                req.disk() == null ? null : disk(req.disk()));
    }

    /** This spec with the non-null fields of {@code req} applied. */
    public AppSpec update(UpdateAppRequest req) {
        return new AppSpec(
                name,
                req.instances() == null ? instances : instances(req.instances()),
                req.memory() == null ? memory : memory(req.memory()),
                req.command() == null ? command : command(req.command()),
                req.env() == null ? env : EnvVars.validate(req.env()),
                HealthCheckSpec.merge(healthCheck, req.healthCheck()),
                req.disk() == null ? disk : disk(req.disk()));
    }

    /** An instance's memory ({@code 512M}, {@code 1GB}, {@code 512m}...), refused on {@code memory}. */
    static ByteSize memory(String text) {
        ByteSize.Result r = ByteSize.memory(text);
        return r.size().orElseThrow(() -> ApiException.invalid("memory", r.error()));
    }

    /** A disk quota ({@code 1G}, {@code 512MB}...), refused on {@code disk}: the guest's writable space. */
    static ByteSize disk(String text) {
        ByteSize.Result r = ByteSize.disk(text);
        return r.size().orElseThrow(() -> ApiException.invalid("disk", r.error()));
    }

    /**
     * The runtime a build asks for: Cloud Foundry's names ({@code java_buildpack}, its URLs and
     * forks) or ours, as {@code java}, {@code native} or {@code static}; null to detect.
     */
    public static String buildpack(String name) {
        Buildpacks.Result r = Buildpacks.resolve(name);
        if (r.error() != null) {
            throw ApiException.invalid("buildpack", r.error());
        }
        return r.runtime().orElse(null);
    }

    static int instances(int n) {
        return ApiException.checked("instances", n, AppRules::instancesProblem);
    }

    static String command(String cmd) {
        if (cmd == null || cmd.isBlank()) {
            return null;
        }
        return ApiException.checked("command", cmd, AppRules::commandProblem).strip();
    }
}
