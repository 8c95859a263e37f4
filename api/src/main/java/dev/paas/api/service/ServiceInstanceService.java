package dev.paas.api.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.api.core.ApiException;
import dev.paas.api.core.Caller;
import dev.paas.api.core.LaunchEnvironment;
import dev.paas.api.core.PageRequest;
import dev.paas.api.core.ServiceRules;
import dev.paas.api.infra.ServiceBindingEntity;
import dev.paas.api.infra.ServiceInstanceEntity;
import dev.paas.api.infra.SpaceEntity;
import dev.paas.model.CreateServiceInstanceRequest;
import dev.paas.model.ErrorCode;
import dev.paas.model.LastOperationView;
import dev.paas.model.ServiceBindingView;
import dev.paas.model.Page;
import dev.paas.model.ServiceCredentialsView;
import dev.paas.model.ServiceInstanceView;
import dev.paas.model.UpdateServiceInstanceRequest;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Service instances of a space: user-provided ones, as {@code cf create-user-provided-service} and
 * friends (credentials sealed before they are stored; events name fields, never values), and the
 * views and reads of managed ones (made and deleted through {@link ManagedServices}).
 */
@ApplicationScoped
public class ServiceInstanceService {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Clock clock;
    private final ControlPlaneDrains drains;
    private final EventLog events;
    private final ServiceKeys keys;

    public ServiceInstanceService(Clock clock, EventLog events, ServiceKeys keys, ControlPlaneDrains drains) {
        this.drains = drains;
        this.clock = clock;
        this.events = events;
        this.keys = keys;
    }

    @Transactional
    public ServiceInstanceView create(Caller caller, String space, CreateServiceInstanceRequest req) {
        SpaceEntity s = Lookup.space(caller, space);
        if (req == null) {
            throw ApiException.invalid("body", "is required: send {\"name\": \"my-db\", \"credentials\": {...}}");
        }
        String name = ServiceRules.name("name", req.name());
        if (req.parameters() != null) {
            throw ApiException.invalid("parameters", "are sent to a broker: they go with offering and plan (a managed "
                    + "service instance); a user-provided one has credentials instead");
        }
        String credentials = ServiceRules.credentials(req.credentials());
        String drain = ServiceRules.syslogDrainUrl(req.syslogDrainUrl());
        ServiceRules.routeServiceUrl(req.routeServiceUrl());
        List<String> tags = ServiceRules.tags(req.tags());
        String sealed = keys.box().seal(credentials);
        if (ServiceInstanceEntity.count("space = ?1 and name = ?2", s, name) > 0) {
            throw ApiException.alreadyExists("name: service instance '" + name + "' already exists in space '" + space
                    + "'; choose another name or change it with update-user-provided-service");
        }
        Instant now = Instant.now(clock);
        ServiceInstanceEntity e = new ServiceInstanceEntity();
        e.space = s;
        e.name = name;
        e.credentials = sealed;
        e.syslogDrainUrl = drain;
        e.tags = new ArrayList<>(tags);
        e.createdAt = now;
        e.updatedAt = now;
        e.persist();
        events.record(caller, "service.create", s, null, target(e), Map.of("credentials", keysOf(credentials)));
        return view(e, credentials);
    }

    @Transactional
    public Page<ServiceInstanceView> list(Caller caller, String space, PageRequest page) {
        SpaceEntity s = Lookup.space(caller, space);
        var q = ServiceInstanceEntity.<ServiceInstanceEntity>find("space", Sort.by("name"), s).page(page.page() - 1, page.perPage());
        return new Page<>(q.list().stream().map(this::view).toList(), page.page(), page.perPage(), q.count());
    }

    @Transactional
    public ServiceInstanceView get(Caller caller, String space, String name) {
        return view(find(caller, space, name));
    }

    /** The credentials in clear: to members of the space, as Cloud Foundry shows them to space developers. */
    @Transactional
    public ServiceCredentialsView credentials(Caller caller, String space, String name) {
        ServiceInstanceEntity e = find(caller, space, name);
        if (e.isManaged()) {
            throw new ApiException(ErrorCode.CONFLICT, "service instance '" + name + "' is managed by a broker: its "
                    + "credentials are made per binding and reach the bound apps (paas env APP shows them in VCAP_SERVICES)");
        }
        return new ServiceCredentialsView(e.name, parse(open(e)));
    }

    @Transactional
    public ServiceInstanceView update(Caller caller, String space, String name, UpdateServiceInstanceRequest req) {
        ServiceInstanceEntity e = find(caller, space, name);
        if (req == null) {
            throw ApiException.invalid("body", "is required: send the fields to change (credentials, syslogDrainUrl, tags)");
        }
        ServiceRules.routeServiceUrl(req.routeServiceUrl());
        if (e.isManaged() && req.credentials() != null) {
            throw ApiException.invalid("credentials", "service instance '" + name + "' is managed by a broker, which makes its credentials");
        }
        if (e.isManaged() && req.syslogDrainUrl() != null) {
            throw ApiException.invalid("syslogDrainUrl", "is for user-provided service instances; '" + name + "' is managed by a broker");
        }
        String credentials = req.credentials() == null ? null : ServiceRules.credentials(req.credentials());
        String drain = req.syslogDrainUrl() == null ? null : ServiceRules.syslogDrainUrl(req.syslogDrainUrl());
        List<String> tags = req.tags() == null ? null : ServiceRules.tags(req.tags());
        List<String> changed = new ArrayList<>();
        if (credentials != null) {
            e.credentials = keys.box().seal(credentials);
            changed.add("credentials");
        }
        if (req.syslogDrainUrl() != null) {
            if (!java.util.Objects.equals(e.syslogDrainUrl, drain)) {
                // Drains follow the bindings at once, as in Cloud Foundry (VCAP_SERVICES waits for a restart).
                dev.paas.api.infra.ServiceBindingEntity.<dev.paas.api.infra.ServiceBindingEntity>list("instance", e)
                        .forEach(b -> drains.changed(b.app));
            }
            e.syslogDrainUrl = drain;
            changed.add("syslogDrainUrl");
        }
        if (tags != null) {
            e.tags = new ArrayList<>(tags);
            changed.add("tags");
        }
        e.updatedAt = Instant.now(clock);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("changed", changed);
        if (credentials != null) {
            details.put("credentials", keysOf(credentials));
        }
        events.record(caller, "service.update", e.space, null, target(e), details);
        return view(e);
    }

    /** Deletes an instance bound to no app; a bound one is refused (409), as in Cloud Foundry. */
    @Transactional
    public void delete(Caller caller, String space, String name) {
        ServiceInstanceEntity e = find(caller, space, name);
        if (e.isManaged()) {
            throw new IllegalStateException("a managed service instance is deleted through ManagedServices");
        }
        refuseWhileBound(e);
        events.record(caller, "service.delete", e.space, null, target(e), Map.of());
        e.delete();
    }

    /** A bound instance cannot be deleted (409 naming the apps), as in Cloud Foundry. */
    static void refuseWhileBound(ServiceInstanceEntity e) {
        List<ServiceBindingEntity> bound = ServiceBindingEntity.list("instance", Sort.by("id"), e);
        if (!bound.isEmpty()) {
            List<String> apps = bound.stream().map(b -> b.app.name).toList();
            throw new ApiException(ErrorCode.CONFLICT, "service instance '" + e.name + "' is bound to app(s) "
                    + String.join(", ", apps) + "; unbind it first (paas unbind-service " + apps.get(0) + " " + e.name + ")");
        }
    }

    static ServiceInstanceEntity find(Caller caller, String space, String name) {
        SpaceEntity s = Lookup.space(caller, space);
        return ServiceInstanceEntity.<ServiceInstanceEntity>find("space = ?1 and name = ?2", s, name).firstResultOptional()
                .orElseThrow(() -> ApiException.notFound("service instance '" + name + "' in space '" + space + "'"));
    }

    String open(ServiceInstanceEntity e) {
        return keys.box().open(e.credentials);
    }

    static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("stored credentials are not a JSON object", ex);
        }
    }

    static List<String> keysOf(String credentials) {
        return parse(credentials).keySet().stream().sorted().toList();
    }

    static String target(ServiceInstanceEntity e) {
        return "service/" + e.space.name + "/" + e.name;
    }

    ServiceInstanceView view(ServiceInstanceEntity e) {
        return view(e, e.isManaged() ? null : open(e));
    }

    private static ServiceInstanceView view(ServiceInstanceEntity e, String credentials) {
        List<ServiceBindingEntity> bound = ServiceBindingEntity.list("instance", Sort.by("id"), e);
        List<ServiceBindingView> bindings = bound.stream().map(ServiceBindingService::view).toList();
        String guid = LaunchEnvironment.guid("service-instance", e.id);
        if (!e.isManaged()) {
            return new ServiceInstanceView(e.name, e.type, guid, keysOf(credentials), e.syslogDrainUrl, List.copyOf(e.tags), bindings,
                    e.createdAt, e.updatedAt);
        }
        LastOperationView last = e.lastOperationType == null ? null
                : new LastOperationView(e.lastOperationType, e.lastOperationState, e.lastOperationDescription, e.lastOperationUpdatedAt);
        return new ServiceInstanceView(e.name, e.type, guid, List.of(), null, List.copyOf(e.tags), bindings, e.createdAt, e.updatedAt,
                e.plan.offering.name, e.plan.name, e.plan.offering.broker.name, last);
    }
}
