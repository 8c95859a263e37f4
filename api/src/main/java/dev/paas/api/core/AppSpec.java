package dev.paas.api.core;

import dev.paas.model.CreateAppRequest;
import dev.paas.model.UpdateAppRequest;
import java.util.Map;
import java.util.Set;

/**
 * The validated, user-settable part of an app. Built once from a request by {@link #create} or
 * {@link #update}; code after that never sees unvalidated input.
 */
public record AppSpec(String name, int instances, MemorySize memory, String command,
                      Map<String, String> env, HealthCheckSpec healthCheck) {

    public static final int MAX_INSTANCES = 100;
    public static final int MAX_COMMAND = 4096;
    /** What a build may ask for; without one the image factory detects it. */
    public static final Set<String> BUILDPACKS = Set.of("java", "native", "static");

    public AppSpec {
        env = Map.copyOf(env);
    }

    public static AppSpec create(CreateAppRequest req) {
        if (req == null) {
            throw ApiException.invalid("body", "is required: send {\"name\": \"my-app\"}");
        }
        return new AppSpec(
                Names.dnsLabel("name", req.name()),
                req.instances() == null ? 1 : instances(req.instances()),
                req.memory() == null ? MemorySize.DEFAULT : MemorySize.parse("memory", req.memory()),
                command(req.command()),
                EnvVars.validate(req.env()),
                HealthCheckSpec.merge(HealthCheckSpec.DEFAULT, req.healthCheck()));
    }

    /** This spec with the non-null fields of {@code req} applied. */
    public AppSpec update(UpdateAppRequest req) {
        return new AppSpec(
                name,
                req.instances() == null ? instances : instances(req.instances()),
                req.memory() == null ? memory : MemorySize.parse("memory", req.memory()),
                req.command() == null ? command : command(req.command()),
                req.env() == null ? env : EnvVars.validate(req.env()),
                HealthCheckSpec.merge(healthCheck, req.healthCheck()));
    }

    static int instances(int n) {
        if (n < 0 || n > MAX_INSTANCES) {
            throw ApiException.invalid("instances", n + " is out of range; choose 0 to 100");
        }
        return n;
    }

    private static String command(String cmd) {
        if (cmd == null || cmd.isBlank()) {
            return null;
        }
        if (cmd.length() > MAX_COMMAND) {
            throw ApiException.invalid("command", "is " + cmd.length() + " characters; use at most 4096");
        }
        if (cmd.indexOf('\n') >= 0 || cmd.indexOf('\r') >= 0 || cmd.indexOf('\0') >= 0) {
            throw ApiException.invalid("command", "must be one line");
        }
        return cmd.strip();
    }
}
