package dev.paas.cli.core;

import dev.paas.model.HealthCheck;
import dev.paas.model.HealthCheckType;
import dev.paas.model.ProcessRequest;
import dev.paas.pushrules.AppManifest;
import dev.paas.pushrules.AppRules;
import dev.paas.pushrules.ByteSize;
import dev.paas.pushrules.ProcessManifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks an app's {@code processes:} other than web (a worker, a clock...) with the shared push
 * rules, before anything is sent, into the requests the push makes for them. A process type
 * other than web needs its {@code command} (paas has no Procfile: only web has the buildpack's).
 * Problems name the file, line and column, and the process: {@code processes[worker].memory: ...}.
 */
final class ProcessPlanner {

    private ProcessPlanner() {
    }

    static List<PushPlan.ProcessPlan> plan(AppManifest app, List<String> problems) {
        List<PushPlan.ProcessPlan> out = new ArrayList<>();
        for (ProcessManifest p : app.processes()) {
            int before = problems.size();
            String field = "processes[" + p.type() + "].";
            if (p.command() == null || p.command().isBlank()) {
                problems.add(where(p, "type") + field + "command: is required for process type '" + p.type()
                        + "'; paas runs it from the app's image with this command (only web has the buildpack's)");
            } else {
                AppRules.commandProblem(p.command()).ifPresent(e -> problems.add(where(p, "command") + field + "command: " + e));
            }
            if (p.instances() != null) {
                AppRules.instancesProblem(p.instances()).ifPresent(e -> problems.add(where(p, "instances") + field
                        + "instances: " + e));
            }
            String memory = size(p, "memory", p.memory(), ByteSize::memory, field, problems);
            String disk = size(p, "disk_quota", p.diskQuota(), ByteSize::disk, field, problems);
            HealthCheck health = health(p, field, problems);
            if (problems.size() == before) {
                out.add(new PushPlan.ProcessPlan(p.type(), new ProcessRequest(null, p.command().strip(), p.instances(),
                        memory, disk, health)));
            }
        }
        return out;
    }

    private static String size(ProcessManifest p, String attribute, String text, Function<String, ByteSize.Result> rule,
                               String field, List<String> problems) {
        if (text == null) {
            return null;
        }
        ByteSize.Result r = rule.apply(text);
        if (r.size().isEmpty()) {
            problems.add(where(p, attribute) + field + attribute + ": " + r.error());
            return null;
        }
        return r.size().get().toString();
    }

    private static HealthCheck health(ProcessManifest p, String field, List<String> problems) {
        HealthCheckType type = null;
        if (p.healthCheckType() != null) {
            type = PushPlanner.healthCheckType(p.healthCheckType());
            if (type == null) {
                problems.add(where(p, "health-check-type") + field + "health-check-type: '" + p.healthCheckType()
                        + "' is not one of port, http, process (or none)");
            }
        }
        String endpoint = p.healthCheckHttpEndpoint();
        if (endpoint != null) {
            Optional<String> bad = AppRules.endpointProblem(endpoint);
            if (bad.isPresent()) {
                problems.add(where(p, "health-check-http-endpoint") + field + "health-check-http-endpoint: " + bad.get());
            } else if (type != HealthCheckType.HTTP) {
                problems.add(where(p, "health-check-http-endpoint") + field + "health-check-http-endpoint: only an "
                        + "http health check has an endpoint; add 'health-check-type: http' or remove it");
            }
        }
        if (p.timeout() != null) {
            AppRules.timeoutProblem(p.timeout()).ifPresent(e -> problems.add(where(p, "timeout") + field + "timeout: " + e));
        }
        if (type == null && endpoint == null && p.timeout() == null) {
            return null;
        }
        return new HealthCheck(type, endpoint, p.timeout());
    }

    private static String where(ProcessManifest p, String attribute) {
        String loc = p.locationOf(attribute, null);
        return loc == null ? "" : loc + ": ";
    }
}
