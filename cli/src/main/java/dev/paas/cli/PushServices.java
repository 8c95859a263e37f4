package dev.paas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paas.cli.core.InputException;
import dev.paas.cli.core.PushPlan;
import dev.paas.cli.infra.ApiClient;
import dev.paas.cli.infra.ApiException;
import dev.paas.model.ErrorCode;
import dev.paas.pushrules.AppManifest;
import dev.paas.pushrules.Manifest;
import dev.paas.pushrules.ServiceBinding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The manifest's {@code services:} of a push: checked against the space's service instances before
 * anything is created (every one must exist, a managed one provisioned; user-provided ones take no
 * parameters), then bound
 * once the app exists and before it is staged, so its first revision carries them.
 */
final class PushServices {

    private PushServices() {
    }

    /** Each planned app's bindings, by app name; every problem at once as bad input (exit 2). */
    static Map<String, List<ServiceBinding>> check(ApiClient api, String space, Manifest manifest, List<PushPlan> plans) {
        Map<String, List<ServiceBinding>> out = new HashMap<>();
        if (manifest == null) {
            return out;
        }
        for (PushPlan p : plans) {
            manifest.find(p.name()).map(AppManifest::services).filter(s -> !s.isEmpty()).ifPresent(s -> out.put(p.name(), s));
        }
        if (out.isEmpty()) {
            return out;
        }
        Map<String, JsonNode> existing = api.all(ServiceCommands.servicesPath(space), JsonNode.class).items()
                .stream().collect(Collectors.toMap(n -> n.path("name").asText(), Function.identity(), (a, b) -> a, LinkedHashMap::new));
        List<String> problems = new ArrayList<>();
        out.values().stream().flatMap(List::stream).forEach(b -> {
            JsonNode n = existing.get(b.name());
            ManagedState s = n == null ? null : ManagedState.of(n);
            if (s == null) {
                problems.add(b.location() + ": services: no service instance '" + b.name() + "' in space '" + space
                        + "'; create it first (paas create-service OFFERING PLAN " + b.name()
                        + ", or paas create-user-provided-service " + b.name() + " -p CREDENTIALS)");
            } else if (s.managed() && "create".equals(s.operation()) && (s.inProgress() || s.failed())) {
                // A binding needs a provisioned instance: the broker would refuse it after the app exists.
                problems.add(b.location() + ": services: service instance '" + b.name() + "' is not ready (" + s.lastOperation()
                        + (s.description() == null ? "" : ": " + s.description()) + ")"
                        + (s.inProgress() ? "; wait for it ('paas service " + b.name() + "') and push again"
                        : "; delete it and create it again (paas delete-service " + b.name() + ")"));
            } else if (b.parameters() != null && !b.parameters().isEmpty() && !s.managed()) {
                problems.add(b.location() + ": services: parameters of '" + b.name() + "': binding parameters are not "
                        + "supported for user-provided service instances (as in Cloud Foundry); remove them");
            }
        });
        if (!problems.isEmpty()) {
            throw new InputException(problems);
        }
        return out;
    }

    /** Binds each service to {@code app}; one already bound stays as it is (as cf push). */
    static void bind(BaseCommand cmd, ApiClient api, String app, List<ServiceBinding> services, java.util.function.Consumer<String> say) {
        for (ServiceBinding b : services) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("serviceInstance", b.name());
            if (b.parameters() != null && !b.parameters().isEmpty()) {
                body.put("parameters", b.parameters());
            }
            if (b.bindingName() != null) {
                body.put("bindingName", b.bindingName());
            }
            try {
                api.post(cmd.appPath(app) + "/service-bindings", body);
                say.accept("bound service " + b.name() + " to " + app);
            } catch (ApiException e) {
                if (!e.is(ErrorCode.ALREADY_EXISTS)) {
                    throw e;
                }
            }
        }
    }
}
