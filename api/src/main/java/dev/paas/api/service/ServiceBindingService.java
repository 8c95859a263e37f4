package dev.paas.api.service;

import dev.paas.api.core.ApiException;
import dev.paas.api.core.Caller;
import dev.paas.api.core.LaunchEnvironment;
import dev.paas.api.core.ServiceRules;
import dev.paas.api.core.VcapServices;
import dev.paas.api.infra.AppEntity;
import dev.paas.api.infra.RevisionEntity;
import dev.paas.api.infra.ServiceBindingEntity;
import dev.paas.api.infra.ServiceInstanceEntity;
import dev.paas.model.CreateServiceBindingRequest;
import dev.paas.model.LastOperationView;
import dev.paas.model.ServiceBindingView;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bindings of apps to service instances of their own space. As in Cloud Foundry, a binding change
 * reaches instances that start from the next revision ({@code paas restart} or a staging): a
 * revision records its bindings' VCAP_SERVICES, sealed ({@link #snapshot}), so a rollback restores
 * what was bound then, credentials included.
 */
@ApplicationScoped
public class ServiceBindingService {

    /** What a binding change answers, as {@code cf bind-service} does. */
    public static final String APPLIES_AT_RESTART = "use 'paas restart' to ensure your env variable changes take effect";

    private static final java.util.regex.Pattern GUID = java.util.regex.Pattern.compile("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");
    private final ControlPlaneDrains drains;
    private final Clock clock;
    private final EventLog events;
    private final ServiceKeys keys;
    private final ServiceInstanceService instances;

    public ServiceBindingService(Clock clock, EventLog events, ServiceKeys keys, ServiceInstanceService instances,
                                 ControlPlaneDrains drains) {
        this.drains = drains;
        this.clock = clock;
        this.events = events;
        this.keys = keys;
        this.instances = instances;
    }

    @Transactional
    public ServiceBindingView bind(Caller caller, String space, String app, CreateServiceBindingRequest req) {
        AppEntity a = Lookup.app(caller, space, app);
        if (req == null) {
            throw ApiException.invalid("body", "is required: send {\"serviceInstance\": \"NAME\"}");
        }
        if (req.serviceInstance() == null || req.serviceInstance().isBlank()) {
            throw ApiException.invalid("serviceInstance", "is required: the name of a service instance in space '" + space + "'");
        }
        ServiceRules.parameters(req.parameters());
        String bindingName = ServiceRules.bindingName(req.bindingName());
        ServiceInstanceEntity s = instanceFor(caller, a, req.serviceInstance());
        if (ServiceBindingEntity.count("app = ?1 and instance = ?2", a, s) > 0) {
            throw ApiException.alreadyExists("serviceInstance: app '" + app + "' is already bound to service instance '"
                    + s.name + "'");
        }
        ServiceBindingEntity b = new ServiceBindingEntity();
        b.app = a;
        b.instance = s;
        b.name = bindingName;
        b.createdAt = Instant.now(clock);
        b.persist();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("service", s.name);
        if (bindingName != null) {
            details.put("bindingName", bindingName);
        }
        events.record(caller, "service.bind", a.space, a, ServiceInstanceService.target(s), details);
        if (s.syslogDrainUrl != null) {
            drains.changed(a);  // drains follow the bindings at once, as in Cloud Foundry
        }
        return view(b);
    }

    /**
     * The instance a binding request names: by name in the app's space, or by guid. Anything else
     * is a 400 on {@code serviceInstance}; an instance of another space is named as such only to
     * callers who may see that space.
     */
    static ServiceInstanceEntity instanceFor(Caller caller, AppEntity a, String ref) {
        ServiceInstanceEntity s = ServiceInstanceEntity.<ServiceInstanceEntity>find("space = ?1 and name = ?2", a.space, ref)
                .firstResult();
        if (s == null && GUID.matcher(ref).matches()) {
            s = ServiceInstanceEntity.<ServiceInstanceEntity>listAll().stream()
                    .filter(x -> LaunchEnvironment.guid("service-instance", x.id).equals(ref)).findFirst().orElse(null);
        } else if (s == null) {
            s = ServiceInstanceEntity.<ServiceInstanceEntity>find("name = ?1 order by id", ref).stream()
                    .filter(x -> caller.canUseSpace(x.space.id)).findFirst().orElse(null);
        }
        if (s != null && s.space.id.equals(a.space.id)) {
            return s;
        }
        if (s != null && caller.canUseSpace(s.space.id)) {
            throw ApiException.invalid("serviceInstance", "service instance '" + s.name + "' is in space '" + s.space.name
                    + "', app '" + a.name + "' in space '" + a.space.name + "': an app can be bound only to service "
                    + "instances of its own space");
        }
        throw ApiException.invalid("serviceInstance", "no service instance '" + ref + "' in space '" + a.space.name
                + "' (paas services lists them; create one with paas create-user-provided-service)");
    }

    @Transactional
    public void unbind(Caller caller, String space, String app, String service) {
        AppEntity a = Lookup.app(caller, space, app);
        ServiceBindingEntity b = ServiceBindingEntity.<ServiceBindingEntity>find("app = ?1 and instance.name = ?2", a, service)
                .firstResultOptional()
                .orElseThrow(() -> ApiException.notFound("binding between service instance '" + service + "' and app '" + app + "'"));
        if (b.instance.isManaged()) {
            throw new IllegalStateException("a managed binding is removed through ManagedBindings");
        }
        events.record(caller, "service.unbind", a.space, a, ServiceInstanceService.target(b.instance), Map.of("service", service));
        if (b.instance.syslogDrainUrl != null) {
            drains.changed(a);
        }
        b.delete();
    }

    @Transactional
    public List<ServiceBindingView> list(Caller caller, String space, String app) {
        AppEntity a = Lookup.app(caller, space, app);
        return ServiceBindingEntity.<ServiceBindingEntity>list("app", Sort.by("id"), a).stream().map(ServiceBindingService::view).toList();
    }

    /**
     * The app's bindings as a sealed VCAP_SERVICES, for a revision being made (null: none bound).
     * Runs inside the caller's transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public String snapshot(AppEntity a) {
        List<ServiceBindingEntity> bound = ServiceBindingEntity.list("app", Sort.by("id"), a);
        if (bound.isEmpty()) {
            return null;
        }
        List<VcapServices.Bound> entries = bound.stream().map(this::entry).toList();
        return keys.box().seal(VcapServices.of(entries));
    }

    private VcapServices.Bound entry(ServiceBindingEntity b) {
        ServiceInstanceEntity s = b.instance;
        String instanceGuid = LaunchEnvironment.guid("service-instance", s.id);
        if (!s.isManaged()) {
            return new VcapServices.Bound(s.type, s.name, b.name, ServiceInstanceService.parse(instances.open(s)), s.syslogDrainUrl,
                    List.copyOf(s.tags), instanceGuid, guid(b));
        }
        // As Cloud Foundry: the offering's tags, then the instance's own.
        java.util.LinkedHashSet<String> tags = new java.util.LinkedHashSet<>(s.plan.offering.tags);
        tags.addAll(s.tags);
        return new VcapServices.Bound(s.plan.offering.name, s.plan.name, s.name, b.name, ServiceInstanceService.parse(
                keys.box().open(b.credentials)), null, List.copyOf(tags), instanceGuid, guid(b));
    }

    /** The binding_guid: the id its broker knows a managed binding by; a name-based one of the row otherwise. */
    static String guid(ServiceBindingEntity b) {
        return b.brokerBindingId != null ? b.brokerBindingId : LaunchEnvironment.guid("service-binding", b.id);
    }

    /** The VCAP_SERVICES a revision's instances receive. */
    public String vcapServices(RevisionEntity r) {
        return r == null || r.services == null ? "{}" : keys.box().open(r.services);
    }

    static ServiceBindingView view(ServiceBindingEntity b) {
        LastOperationView last = b.lastOperationState == null ? null
                : new LastOperationView("delete", b.lastOperationState, b.lastOperationDescription, b.lastOperationUpdatedAt);
        return new ServiceBindingView(b.app.name, b.instance.name, b.name, guid(b), b.createdAt, last);
    }
}
