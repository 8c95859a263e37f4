package dev.paas.api.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.api.core.ApiException;
import dev.paas.api.core.BrokerRules;
import dev.paas.api.core.Caller;
import dev.paas.api.core.LaunchEnvironment;
import dev.paas.api.core.Osb;
import dev.paas.api.core.OsbOutcome;
import dev.paas.api.core.ServiceRules;
import dev.paas.api.infra.OsbClient;
import dev.paas.api.infra.PaasConfig;
import dev.paas.api.infra.ServiceBindingEntity;
import dev.paas.api.infra.ServiceInstanceEntity;
import dev.paas.api.infra.ServiceOfferingEntity;
import dev.paas.api.infra.ServicePlanEntity;
import dev.paas.api.infra.SpaceEntity;
import dev.paas.model.CreateServiceInstanceRequest;
import dev.paas.model.ErrorCode;
import dev.paas.model.LastOperationView;
import dev.paas.model.ServiceInstanceView;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Managed service instances: made and removed by their broker (OSB v2.17), synchronously or
 * asynchronously ({@link ServiceOperationPoller} follows the latter). Every broker call happens
 * outside a database transaction: the row is written before (a create reserves its name with
 * last operation "create in progress") and settled after, so a failure always ends in a state
 * that says what happened. A create whose outcome is unknown (time-out, 5xx, unreadable answer)
 * is deleted at the broker at once (orphan mitigation) and ends "create failed", saying so.
 */
@ApplicationScoped
public class ManagedServices {

    static final String CONCURRENT = "another operation is in progress on this service instance; try again";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Clock clock;
    private final EventLog events;
    private final OsbClient osb;
    private final ServiceBrokerService brokers;
    private final ServiceInstanceService instances;
    private final PaasConfig config;
    private final ServiceKeys keys;

    public ManagedServices(Clock clock, EventLog events, OsbClient osb, ServiceBrokerService brokers,
                           ServiceInstanceService instances, PaasConfig config, ServiceKeys keys) {
        this.keys = keys;
        this.clock = clock;
        this.events = events;
        this.osb = osb;
        this.brokers = brokers;
        this.instances = instances;
        this.config = config;
    }

    /** What a broker call about an instance needs, read in a transaction and used after it. */
    record Ref(long id, String name, String space, String spaceGuid, String guid, OsbClient.Target target, String serviceId,
               String planId, String offering, String plan) {
    }

    /** The answer of a create or delete: {@code done} false when the broker works asynchronously (202). */
    public record Result(ServiceInstanceView view, boolean done) {
    }

    public Result create(Caller caller, String space, CreateServiceInstanceRequest req) {
        Map<String, Object> parameters = parameters(req.parameters());
        Ref ref = QuarkusTransaction.requiringNew().call(() -> reserve(caller, space, req));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service_id", ref.serviceId());
        body.put("plan_id", ref.planId());
        body.put("organization_guid", ref.spaceGuid());
        body.put("space_guid", ref.spaceGuid());
        body.put("context", context(ref));
        if (parameters != null) {
            body.put("parameters", parameters);
        }
        OsbOutcome outcome = Osb.provision(ref.target().name(), osb.timeout(),
                osb.provision(ref.target(), ref.guid(), body, caller.username()));
        if (outcome instanceof OsbOutcome.Orphan orphan) {
            // Orphan mitigation (OSB): the broker may have made it; delete it there.
            OsbOutcome undo = Osb.deprovision(ref.target().name(), osb.timeout(),
                    osb.deprovision(ref.target(), ref.guid(), ref.serviceId(), ref.planId(), caller.username()));
            String what = orphan.description() + (undo instanceof OsbOutcome.Gone || undo instanceof OsbOutcome.Accepted
                    ? "; the instance was deprovisioned" : "; deprovisioning it failed too (" + undo.description()
                    + "): delete this service instance to try again");
            QuarkusTransaction.requiringNew().run(() -> {
                ServiceInstanceEntity e = ServiceInstanceEntity.findById(ref.id());
                settle(e, "create", LastOperationView.FAILED, what);
                events.record(caller, "service.create-failed", e.space, null, ServiceInstanceService.target(e),
                        Map.of("offering", ref.offering(), "plan", ref.plan(), "reason", what));
            });
            throw ServiceBrokerService.brokerError(what);
        }
        if (outcome instanceof OsbOutcome.Refused || outcome instanceof OsbOutcome.Concurrency || outcome instanceof OsbOutcome.Failed) {
            // The broker made nothing: neither does paas.
            QuarkusTransaction.requiringNew().run(() -> ServiceInstanceEntity.deleteById(ref.id()));
            throw outcome instanceof OsbOutcome.Concurrency ? new ApiException(ErrorCode.CONFLICT, CONCURRENT + " ("
                    + outcome.description() + ")") : ServiceBrokerService.brokerError(outcome.description());
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            ServiceInstanceEntity e = ServiceInstanceEntity.findById(ref.id());
            boolean done = outcome instanceof OsbOutcome.Done;
            if (done) {
                settle(e, "create", LastOperationView.SUCCEEDED, null);
            } else {
                following(e, ((OsbOutcome.Accepted) outcome).operation());
            }
            events.record(caller, "service.create", e.space, null, ServiceInstanceService.target(e),
                    Map.of("offering", ref.offering(), "plan", ref.plan(), "async", !done));
            return new Result(instances.view(e), done);
        });
    }

    /**
     * A create whose control plane stopped while the broker worked: its outcome is unknown, so
     * the broker gets the matching delete (orphan mitigation) and the instance ends "create failed".
     */
    void mitigateInterrupted(Ref ref) {
        OsbOutcome undo = Osb.deprovision(ref.target().name(), osb.timeout(),
                osb.deprovision(ref.target(), ref.guid(), ref.serviceId(), ref.planId(), null));
        boolean gone = undo instanceof OsbOutcome.Gone || undo instanceof OsbOutcome.Accepted;
        String what = "the control plane stopped while broker '" + ref.target().name() + "' was creating it"
                + (gone ? "; the instance was deprovisioned" : "; deprovisioning it failed (" + undo.description()
                + "): delete this service instance to try again");
        QuarkusTransaction.requiringNew().run(() -> {
            ServiceInstanceEntity e = ServiceInstanceEntity.findById(ref.id());
            if (e != null && LastOperationView.IN_PROGRESS.equals(e.lastOperationState) && e.nextPollAt == null) {
                settle(e, "create", LastOperationView.FAILED, what);
                events.record("service-broker/" + ref.target().name(), "service.create-failed", e.space, null,
                        ServiceInstanceService.target(e), Map.of("reason", what));
            }
        });
    }

    /** Validates the managed form and writes the instance, "create in progress" (it reserves the name). */
    private Ref reserve(Caller caller, String space, CreateServiceInstanceRequest req) {
        SpaceEntity s = Lookup.space(caller, space);
        String name = ServiceRules.name("name", req.name());
        if (req.credentials() != null) {
            throw ApiException.invalid("credentials", "a managed service instance gets its credentials from its broker "
                    + "(they reach apps through bindings): leave credentials out, or offering and plan for a user-provided one");
        }
        if (req.syslogDrainUrl() != null) {
            throw ApiException.invalid("syslogDrainUrl", "is for user-provided service instances; a managed one's broker names its own");
        }
        ServiceRules.routeServiceUrl(req.routeServiceUrl());
        List<String> tags = ServiceRules.tags(req.tags());
        if (req.offering() == null || req.offering().isBlank()) {
            throw ApiException.invalid("offering", "is required with plan: an offering of the marketplace (paas marketplace lists them)");
        }
        ServiceOfferingEntity o = ServiceOfferingEntity.<ServiceOfferingEntity>find("name = ?1 and active = true", req.offering())
                .firstResultOptional().orElseThrow(() -> ApiException.invalid("offering", "no offering '" + req.offering()
                        + "' in the marketplace (paas marketplace lists them)"));
        List<ServicePlanEntity> plans = ServicePlanEntity.list("offering = ?1 and active = true", Sort.by("id"), o);
        if (req.plan() == null || req.plan().isBlank()) {
            throw ApiException.invalid("plan", "is required: one of offering '" + o.name + "''s plans: " + names(plans));
        }
        ServicePlanEntity p = plans.stream().filter(x -> x.name.equals(req.plan())).findFirst()
                .orElseThrow(() -> ApiException.invalid("plan", "offering '" + o.name + "' has no plan '" + req.plan()
                        + "'; its plans: " + names(plans)));
        if (ServiceInstanceEntity.count("space = ?1 and name = ?2", s, name) > 0) {
            throw ApiException.alreadyExists("name: service instance '" + name + "' already exists in space '" + space
                    + "'; choose another name");
        }
        keysPresent();
        Instant now = Instant.now(clock);
        ServiceInstanceEntity e = new ServiceInstanceEntity();
        e.space = s;
        e.name = name;
        e.type = ServiceInstanceEntity.MANAGED;
        e.plan = p;
        e.tags = new ArrayList<>(tags);
        e.createdAt = now;
        e.updatedAt = now;
        e.lastOperationType = "create";
        e.lastOperationState = LastOperationView.IN_PROGRESS;
        e.lastOperationUpdatedAt = now;
        e.operationStartedAt = now;
        e.persist();
        e.flush();
        return ref(e);
    }

    private void keysPresent() {
        // Bindings' credentials are sealed with the services key: refuse before the broker makes anything.
        keys.box();
    }

    Ref ref(ServiceInstanceEntity e) {
        ServicePlanEntity p = e.plan;
        return new Ref(e.id, e.name, e.space.name, LaunchEnvironment.guid("space", e.space.id), guid(e),
                brokers.target(p.offering.broker), p.offering.brokerOfferingId, p.brokerPlanId, p.offering.name, p.name);
    }

    static String guid(ServiceInstanceEntity e) {
        return LaunchEnvironment.guid("service-instance", e.id);
    }

    /**
     * Deletes a managed instance at its broker, then here: {@code done} true when it is gone (204),
     * false while the broker deprovisions asynchronously (202). A user-provided one is deleted at once.
     */
    public Result delete(Caller caller, String space, String name) {
        // Nothing is written before the broker answers: a ConcurrencyError (or a broker that
        // cannot be reached) then leaves the instance exactly as it was.
        Ref ref = QuarkusTransaction.requiringNew().call(() -> {
            ServiceInstanceEntity e = ServiceInstanceService.find(caller, space, name);
            if (!e.isManaged()) {
                return null;
            }
            ServiceInstanceService.refuseWhileBound(e);
            if (LastOperationView.IN_PROGRESS.equals(e.lastOperationState)) {
                throw new ApiException(ErrorCode.CONFLICT, CONCURRENT + " (" + e.lastOperationType + " in progress since "
                        + e.operationStartedAt + ")");
            }
            return ref(e);
        });
        if (ref == null) {
            instances.delete(caller, space, name);
            return new Result(null, true);
        }
        OsbOutcome outcome = Osb.deprovision(ref.target().name(), osb.timeout(),
                osb.deprovision(ref.target(), ref.guid(), ref.serviceId(), ref.planId(), caller.username()));
        Result result = QuarkusTransaction.requiringNew().call(() -> {
            ServiceInstanceEntity e = ServiceInstanceEntity.findById(ref.id());
            if (outcome instanceof OsbOutcome.Gone) {
                events.record(caller, "service.delete", e.space, null, ServiceInstanceService.target(e),
                        Map.of("offering", ref.offering(), "plan", ref.plan()));
                e.delete();
                return new Result(null, true);
            }
            if (outcome instanceof OsbOutcome.Accepted a) {
                e.lastOperationType = "delete";
                e.lastOperationState = LastOperationView.IN_PROGRESS;
                e.operationStartedAt = Instant.now(clock);
                following(e, a.operation());
                events.record(caller, "service.delete", e.space, null, ServiceInstanceService.target(e),
                        Map.of("offering", ref.offering(), "plan", ref.plan(), "async", true));
                return new Result(instances.view(e), false);
            }
            if (outcome instanceof OsbOutcome.Concurrency) {
                return null;
            }
            settle(e, "delete", LastOperationView.FAILED, outcome.description() + "; the service instance is kept: "
                    + "delete it again to retry");
            events.record(caller, "service.delete-failed", e.space, null, ServiceInstanceService.target(e),
                    Map.of("reason", outcome.description()));
            return null;
        });
        if (outcome instanceof OsbOutcome.Concurrency) {
            throw new ApiException(ErrorCode.CONFLICT, CONCURRENT + " (" + outcome.description() + ")");
        }
        if (result == null) {
            throw ServiceBrokerService.brokerError(outcome.description() + "; service instance '" + name
                    + "' is kept (its last operation says so): delete it again to retry");
        }
        return result;
    }

    /** Ends the instance's operation in {@code state}. */
    void settle(ServiceInstanceEntity e, String type, String state, String description) {
        e.lastOperationType = type;
        e.lastOperationState = state;
        e.lastOperationDescription = description;
        e.lastOperationUpdatedAt = Instant.now(clock);
        e.updatedAt = e.lastOperationUpdatedAt;
        e.operation = null;
        e.nextPollAt = null;
        e.polls = 0;
    }

    /** The broker works on it asynchronously: poll from one interval on. */
    private void following(ServiceInstanceEntity e, String operation) {
        Instant now = Instant.now(clock);
        e.operation = operation;
        e.polls = 0;
        e.nextPollAt = now.plus(BrokerRules.pollDelay(0, config.services().pollInterval(), null));
        e.lastOperationDescription = null;
        e.lastOperationUpdatedAt = now;
    }

    private static Map<String, Object> context(Ref ref) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("platform", "paas");
        c.put("space_guid", ref.spaceGuid());
        c.put("space_name", ref.space());
        c.put("instance_name", ref.name());
        return c;
    }

    static Map<String, Object> parameters(Map<String, Object> parameters) {
        if (parameters == null) {
            return null;
        }
        try {
            return BrokerRules.parameters(parameters, JSON.writeValueAsString(parameters).length());
        } catch (JsonProcessingException e) {
            throw ApiException.invalid("parameters", "cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    private static String names(List<ServicePlanEntity> plans) {
        return String.join(", ", plans.stream().map(p -> p.name).toList());
    }

    /** Whether an instance may be bound now; a 409 saying why not. */
    static void refuseUnlessReady(ServiceInstanceEntity e) {
        if (LastOperationView.IN_PROGRESS.equals(e.lastOperationState)) {
            throw new ApiException(ErrorCode.CONFLICT, CONCURRENT + " (" + e.lastOperationType + " in progress)");
        }
        if ("create".equals(e.lastOperationType) && LastOperationView.FAILED.equals(e.lastOperationState)) {
            throw new ApiException(ErrorCode.CONFLICT, "service instance '" + e.name + "' was not created ("
                    + e.lastOperationDescription + "); delete it and create it again");
        }
    }

    static List<ServiceBindingEntity> bindings(ServiceInstanceEntity e) {
        return ServiceBindingEntity.list("instance", Sort.by("id"), e);
    }
}
