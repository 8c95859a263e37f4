package dev.paas.api.service;

import dev.paas.api.core.ApiException;
import dev.paas.api.core.Caller;
import dev.paas.api.core.LaunchEnvironment;
import dev.paas.api.core.Osb;
import dev.paas.api.core.OsbOutcome;
import dev.paas.api.core.ServiceEndpoint;
import dev.paas.api.core.ServiceRules;
import dev.paas.api.infra.AppEntity;
import dev.paas.api.infra.OsbClient;
import dev.paas.api.infra.ServiceBindingEntity;
import dev.paas.api.infra.ServiceInstanceEntity;
import dev.paas.model.CreateServiceBindingRequest;
import dev.paas.model.ErrorCode;
import dev.paas.model.LastOperationView;
import dev.paas.model.ServiceBindingView;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Bindings to managed service instances: made by the broker synchronously (paas does not accept
 * asynchronous bindings), its credentials sealed into the binding row; removed at the broker
 * before the row goes. No row exists before the broker answered, so a failed bind leaves nothing
 * here; one whose outcome is unknown (time-out, 5xx, unreadable answer) is unbound at the broker
 * at once (orphan mitigation). A failed unbind keeps the binding and records why. Bindings to
 * user-provided instances are {@link ServiceBindingService}'s.
 */
@ApplicationScoped
public class ManagedBindings {

    private static final Logger LOG = Logger.getLogger(ManagedBindings.class);
    private final Clock clock;
    private final EventLog events;
    private final OsbClient osb;
    private final ServiceKeys keys;
    private final ManagedServices managed;
    private final ServiceBindingService bindings;

    public ManagedBindings(Clock clock, EventLog events, OsbClient osb, ServiceKeys keys, ManagedServices managed,
                           ServiceBindingService bindings) {
        this.clock = clock;
        this.events = events;
        this.osb = osb;
        this.keys = keys;
        this.managed = managed;
        this.bindings = bindings;
    }

    private record Prepared(ManagedServices.Ref instance, long appId, String appGuid, String bindingName) {
    }

    public ServiceBindingView bind(Caller caller, String space, String app, CreateServiceBindingRequest req) {
        Prepared p = QuarkusTransaction.requiringNew().call(() -> {
            AppEntity a = Lookup.app(caller, space, app);
            if (req == null || req.serviceInstance() == null || req.serviceInstance().isBlank()) {
                return null;
            }
            ServiceInstanceEntity s = ServiceBindingService.instanceFor(caller, a, req.serviceInstance());
            if (!s.isManaged()) {
                return null;
            }
            String bindingName = ServiceRules.bindingName(req.bindingName());
            ManagedServices.parameters(req.parameters());
            if (!s.plan.isBindable()) {
                throw ApiException.invalid("serviceInstance", "service instance '" + s.name + "' (offering '" + s.plan.offering.name
                        + "', plan '" + s.plan.name + "') is not bindable");
            }
            ManagedServices.refuseUnlessReady(s);
            if (ServiceBindingEntity.count("app = ?1 and instance = ?2", a, s) > 0) {
                throw ApiException.alreadyExists("serviceInstance: app '" + app + "' is already bound to service instance '"
                        + s.name + "'");
            }
            keys.box();
            return new Prepared(managed.ref(s), a.id, LaunchEnvironment.guid("app", a.id), bindingName);
        });
        if (p == null) {
            return bindings.bind(caller, space, app, req);
        }
        ManagedServices.Ref ref = p.instance();
        String bindingId = UUID.randomUUID().toString();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service_id", ref.serviceId());
        body.put("plan_id", ref.planId());
        body.put("app_guid", p.appGuid());
        body.put("bind_resource", Map.of("app_guid", p.appGuid()));
        body.put("context", Map.of("platform", "paas", "space_guid", ref.spaceGuid(), "space_name", ref.space(),
                "instance_name", ref.name(), "app_name", app));
        if (req.parameters() != null) {
            body.put("parameters", req.parameters());
        }
        OsbOutcome outcome = Osb.bind(ref.target().name(), osb.timeout(),
                osb.bind(ref.target(), ref.guid(), bindingId, body, caller.username()));
        if (outcome instanceof OsbOutcome.Orphan orphan) {
            throw ServiceBrokerService.brokerError(orphan.description() + "; " + unbindOrphan(ref, bindingId, caller)
                    + "; no binding was made");
        }
        if (outcome instanceof OsbOutcome.Concurrency c) {
            throw new ApiException(ErrorCode.CONFLICT, ManagedServices.CONCURRENT + " (" + c.description() + ")");
        }
        if (!(outcome instanceof OsbOutcome.Done done)) {
            throw ServiceBrokerService.brokerError(outcome.description() + "; no binding was made");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> credentials = done.body().get("credentials") instanceof Map<?, ?> m
                ? (Map<String, Object>) m : Map.of();
        Optional<ServiceEndpoint.HostPort> endpoint = ServiceEndpoint.of(credentials).flatMap(this::resolve);
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                AppEntity a = AppEntity.findById(p.appId());
                ServiceInstanceEntity s = ServiceInstanceEntity.findById(ref.id());
                if (a == null || s == null) {
                    throw new ApiException(ErrorCode.CONFLICT, "app '" + app + "' or service instance '" + ref.name()
                            + "' was deleted meanwhile");
                }
                ServiceBindingEntity b = new ServiceBindingEntity();
                b.app = a;
                b.instance = s;
                b.name = p.bindingName();
                b.createdAt = Instant.now(clock);
                b.brokerBindingId = bindingId;
                b.credentials = keys.box().seal(ServiceRules.credentials(credentials));
                endpoint.ifPresent(e -> {
                    b.egressAddress = e.host();
                    b.egressPort = e.port();
                });
                b.persist();
                b.flush();
                if (endpoint.isPresent()) {
                    // Running instances of the app may now reach the service: tell their nodes.
                    nudgeNodesOf(a);
                }
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("service", s.name);
                details.put("credentials", ServiceInstanceService.keysOf(ServiceRules.credentials(credentials)));
                if (p.bindingName() != null) {
                    details.put("bindingName", p.bindingName());
                }
                events.record(caller, "service.bind", a.space, a, ServiceInstanceService.target(s), details);
                return ServiceBindingService.view(b);
            });
        } catch (RuntimeException e) {
            // The broker made it but paas could not keep it: undo it there too.
            LOG.warnf("services.bind-not-kept broker=%s instance=%s binding=%s error=%s", ref.target().name(), ref.guid(), bindingId,
                    e.getMessage());
            unbindOrphan(ref, bindingId, caller);
            throw e;
        }
    }

    /** Orphan mitigation of a bind: the matching unbind; says how it went. */
    private String unbindOrphan(ManagedServices.Ref ref, String bindingId, Caller caller) {
        OsbOutcome undo = Osb.unbind(ref.target().name(), osb.timeout(),
                osb.unbind(ref.target(), ref.guid(), bindingId, ref.serviceId(), ref.planId(), caller.username()));
        if (undo instanceof OsbOutcome.Gone) {
            return "the binding was removed at the broker";
        }
        LOG.warnf("services.orphan-binding broker=%s instance=%s binding=%s error=%s", ref.target().name(), ref.guid(), bindingId,
                undo.description());
        return "removing the binding at the broker failed too (" + undo.description() + ")";
    }

    /**
     * The endpoint with an IPv4 address: a literal as it is, a name resolved once, now (its first
     * IPv4 address); none when it does not resolve to one.
     */
    private Optional<ServiceEndpoint.HostPort> resolve(ServiceEndpoint.HostPort hp) {
        if (ServiceEndpoint.isIpv4(hp.host())) {
            return Optional.of(hp);
        }
        try {
            return Arrays.stream(InetAddress.getAllByName(hp.host())).filter(a -> a instanceof Inet4Address).findFirst()
                    .map(a -> new ServiceEndpoint.HostPort(a.getHostAddress(), hp.port()));
        } catch (UnknownHostException e) {
            LOG.warnf("services.endpoint-unresolved host=%s error=%s", hp.host(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Unbinds a managed binding at its broker, then removes it; a user-provided one is removed at once. */
    public void unbind(Caller caller, String space, String app, String service) {
        record Prepared(ManagedServices.Ref instance, long bindingId, String brokerBindingId) {
        }
        Prepared p = QuarkusTransaction.requiringNew().call(() -> {
            AppEntity a = Lookup.app(caller, space, app);
            ServiceBindingEntity b = ServiceBindingEntity.<ServiceBindingEntity>find("app = ?1 and instance.name = ?2", a, service)
                    .firstResult();
            if (b == null || !b.instance.isManaged()) {
                return null;
            }
            if (LastOperationView.IN_PROGRESS.equals(b.instance.lastOperationState)) {
                throw new ApiException(ErrorCode.CONFLICT, ManagedServices.CONCURRENT + " (" + b.instance.lastOperationType
                        + " in progress)");
            }
            return new Prepared(managed.ref(b.instance), b.id, b.brokerBindingId);
        });
        if (p == null) {
            bindings.unbind(caller, space, app, service);
            return;
        }
        ManagedServices.Ref ref = p.instance();
        OsbOutcome outcome = Osb.unbind(ref.target().name(), osb.timeout(),
                osb.unbind(ref.target(), ref.guid(), p.brokerBindingId(), ref.serviceId(), ref.planId(), caller.username()));
        if (outcome instanceof OsbOutcome.Concurrency c) {
            throw new ApiException(ErrorCode.CONFLICT, ManagedServices.CONCURRENT + " (" + c.description() + ")");
        }
        boolean gone = outcome instanceof OsbOutcome.Gone;
        QuarkusTransaction.requiringNew().run(() -> {
            ServiceBindingEntity b = ServiceBindingEntity.findById(p.bindingId());
            if (b == null) {
                return;
            }
            if (gone) {
                events.record(caller, "service.unbind", b.app.space, b.app, ServiceInstanceService.target(b.instance),
                        Map.of("service", service));
                if (b.egressAddress != null) {
                    nudgeNodesOf(b.app);
                }
                b.delete();
            } else {
                b.lastOperationState = LastOperationView.FAILED;
                b.lastOperationDescription = outcome.description() + "; the binding is kept: unbind again to retry";
                b.lastOperationUpdatedAt = Instant.now(clock);
            }
        });
        if (!gone) {
            throw ServiceBrokerService.brokerError(outcome.description() + "; the binding of app '" + app + "' to service instance '"
                    + service + "' is kept: unbind again to retry");
        }
    }

    /** Bumps the desired version of the nodes running the app's instances (their service egress or log drains changed). */
    static void nudgeNodesOf(AppEntity a) {
        ServiceBindingEntity.getEntityManager().createNativeQuery("update nodes set desired_version = desired_version + 1, "
                + "version = version + 1 where id in (select node_id from instances where app_id = ?1 and node_id is not null)")
                .setParameter(1, a.id).executeUpdate();
    }
}
