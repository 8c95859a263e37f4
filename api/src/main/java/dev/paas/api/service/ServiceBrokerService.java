package dev.paas.api.service;

import dev.paas.api.core.ApiException;
import dev.paas.api.core.BrokerRules;
import dev.paas.api.core.Caller;
import dev.paas.api.core.OsbCatalog;
import dev.paas.api.core.OsbReply;
import dev.paas.api.core.PageRequest;
import dev.paas.api.infra.OsbClient;
import dev.paas.api.infra.ServiceBrokerEntity;
import dev.paas.api.infra.ServiceInstanceEntity;
import dev.paas.api.infra.ServiceOfferingEntity;
import dev.paas.api.infra.ServicePlanEntity;
import dev.paas.model.CreateServiceBrokerRequest;
import dev.paas.model.ErrorCode;
import dev.paas.model.MarketplaceView;
import dev.paas.model.Page;
import dev.paas.model.ServiceBrokerView;
import dev.paas.model.UpdateServiceBrokerRequest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Service brokers (admins register them, as {@code cf create-service-broker}) and the marketplace
 * their catalogs make. A registration or update fetches the catalog first, outside any
 * transaction, and writes the broker and its offerings and plans in one; a broker that fails
 * leaves nothing behind (502 {@code BROKER_ERROR}).
 */
@ApplicationScoped
public class ServiceBrokerService {

    private final Clock clock;
    private final EventLog events;
    private final ServiceKeys keys;
    private final OsbClient osb;

    public ServiceBrokerService(Clock clock, EventLog events, ServiceKeys keys, OsbClient osb) {
        this.clock = clock;
        this.events = events;
        this.keys = keys;
        this.osb = osb;
    }

    public ServiceBrokerView create(Caller caller, CreateServiceBrokerRequest req) {
        caller.requireAdmin("registering service brokers");
        if (req == null) {
            throw ApiException.invalid("body", "is required: send {\"name\", \"url\", \"username\", \"password\"}");
        }
        String name = BrokerRules.name(req.name());
        OsbClient.Target target = new OsbClient.Target(name, BrokerRules.url(req.url()), BrokerRules.username(req.username()),
                BrokerRules.password(req.password()));
        keys.box();
        QuarkusTransaction.requiringNew().run(() -> taken(name));
        OsbCatalog catalog = fetch(target);
        return QuarkusTransaction.requiringNew().call(() -> {
            taken(name);
            Instant now = Instant.now(clock);
            ServiceBrokerEntity b = new ServiceBrokerEntity();
            b.name = name;
            b.url = target.url();
            b.username = target.username();
            b.password = keys.box().seal(target.password());
            b.createdAt = now;
            b.updatedAt = now;
            b.persist();
            List<String> offerings = store(b, catalog);
            events.record(caller, "service_broker.create", null, null, "service-broker/" + name,
                    Map.of("url", b.url, "offerings", offerings));
            return view(b);
        });
    }

    private static void taken(String name) {
        if (ServiceBrokerEntity.byName(name).isPresent()) {
            throw ApiException.alreadyExists("name: service broker '" + name + "' already exists; choose another name "
                    + "or change it with update-service-broker");
        }
    }

    @Transactional
    public Page<ServiceBrokerView> list(Caller caller, PageRequest page) {
        caller.requireAdmin("listing service brokers");
        var q = ServiceBrokerEntity.<ServiceBrokerEntity>findAll(Sort.by("name")).page(page.page() - 1, page.perPage());
        return new Page<>(q.list().stream().map(ServiceBrokerService::view).toList(), page.page(), page.perPage(), q.count());
    }

    /** New url, username or password (null: kept); the catalog is fetched again, as Cloud Foundry's update-service-broker. */
    public ServiceBrokerView update(Caller caller, String name, UpdateServiceBrokerRequest req) {
        caller.requireAdmin("changing service brokers");
        OsbClient.Target old = QuarkusTransaction.requiringNew().call(() -> target(broker(name)));
        UpdateServiceBrokerRequest r = req == null ? new UpdateServiceBrokerRequest(null, null, null) : req;
        OsbClient.Target target = new OsbClient.Target(name, r.url() == null ? old.url() : BrokerRules.url(r.url()),
                r.username() == null ? old.username() : BrokerRules.username(r.username()),
                r.password() == null ? old.password() : BrokerRules.password(r.password()));
        OsbCatalog catalog = fetch(target);
        return QuarkusTransaction.requiringNew().call(() -> {
            ServiceBrokerEntity b = broker(name);
            List<String> changed = new ArrayList<>();
            if (!b.url.equals(target.url())) {
                b.url = target.url();
                changed.add("url");
            }
            if (!b.username.equals(target.username())) {
                b.username = target.username();
                changed.add("username");
            }
            if (r.password() != null) {
                b.password = keys.box().seal(target.password());
                changed.add("password");
            }
            b.updatedAt = Instant.now(clock);
            List<String> offerings = store(b, catalog);
            events.record(caller, "service_broker.update", null, null, "service-broker/" + name,
                    Map.of("changed", changed, "offerings", offerings));
            return view(b);
        });
    }

    @Transactional
    public void delete(Caller caller, String name) {
        caller.requireAdmin("deleting service brokers");
        ServiceBrokerEntity b = broker(name);
        List<ServiceInstanceEntity> used = ServiceInstanceEntity.list("plan.offering.broker = ?1 order by id", b);
        if (!used.isEmpty()) {
            throw new ApiException(ErrorCode.CONFLICT, "service broker '" + name + "' still has " + used.size()
                    + " service instance(s) (" + String.join(", ", used.stream().limit(5).map(s -> s.space.name + "/" + s.name).toList())
                    + (used.size() > 5 ? ", ..." : "") + "); delete them first");
        }
        events.record(caller, "service_broker.delete", null, null, "service-broker/" + name, Map.of());
        b.delete();
    }

    /** The active offerings and plans of every broker, by offering name; {@code offering} narrows it to one (404 when unknown). */
    @Transactional
    public MarketplaceView marketplace(Caller caller, String offering) {
        List<ServiceOfferingEntity> list = offering == null
                ? ServiceOfferingEntity.list("active = true", Sort.by("name"))
                : ServiceOfferingEntity.list("active = true and name = ?1", offering);
        if (offering != null && list.isEmpty()) {
            throw ApiException.notFound("service offering '" + offering + "' (paas marketplace lists them)");
        }
        return new MarketplaceView(list.stream().map(o -> new MarketplaceView.Offering(o.name, o.description, o.broker.name,
                List.copyOf(o.tags), o.bindable, ServicePlanEntity.<ServicePlanEntity>list("offering = ?1 and active = true order by id", o)
                .stream().map(p -> new MarketplaceView.Plan(p.name, p.description, p.free)).toList())).toList());
    }

    /** The broker's target (password opened), for calls to it. */
    OsbClient.Target target(ServiceBrokerEntity b) {
        return new OsbClient.Target(b.name, b.url, b.username, keys.box().open(b.password));
    }

    private OsbCatalog fetch(OsbClient.Target target) {
        OsbReply r = osb.catalog(target);
        String at = "broker '" + target.name() + "' at " + target.url();
        if (!r.answered()) {
            throw brokerError(at + (r.problem() == OsbReply.NoAnswer.TIMED_OUT
                    ? " timed out after " + osb.timeout().toSeconds() + " s" : " could not be reached: " + r.detail())
                    + " (GET /v2/catalog); check the URL and that the broker runs");
        }
        if (r.status() == 401 || r.status() == 403) {
            throw brokerError(at + " refused the user name and password (" + r.status() + " to GET /v2/catalog)");
        }
        if (r.status() != 200) {
            throw brokerError(at + " answered " + r.status() + " to GET /v2/catalog");
        }
        try {
            return OsbCatalog.parse(r.body());
        } catch (OsbCatalog.Invalid e) {
            throw brokerError(at + " answered a catalog paas cannot use: " + e.getMessage());
        }
    }

    static ApiException brokerError(String message) {
        return new ApiException(ErrorCode.BROKER_ERROR, message);
    }

    /**
     * Makes the broker's offerings and plans those of {@code catalog}: new ones added, known ones
     * (by the broker's ids) updated, missing ones removed, or kept inactive while instances use
     * them. Offering names are unique platform-wide (users name them); returns the active names.
     */
    private static List<String> store(ServiceBrokerEntity b, OsbCatalog catalog) {
        Map<String, ServiceOfferingEntity> known = new LinkedHashMap<>();
        if (b.id != null) {
            for (ServiceOfferingEntity o : ServiceOfferingEntity.<ServiceOfferingEntity>list("broker", b)) {
                known.put(o.brokerOfferingId, o);
            }
        }
        // What left the catalog goes first, so that its names are free for what came.
        Set<String> listed = new HashSet<>(catalog.offerings().stream().map(OsbCatalog.Offering::id).toList());
        for (ServiceOfferingEntity o : known.values()) {
            if (!listed.contains(o.brokerOfferingId)) {
                plans(o, List.of());
                if (ServicePlanEntity.count("offering", o) == 0) {
                    o.delete();
                } else {
                    // Kept by its name: its instances' apps see it in VCAP_SERVICES.
                    o.active = false;
                }
            }
        }
        ServiceOfferingEntity.flush();
        for (OsbCatalog.Offering c : catalog.offerings()) {
            ServiceOfferingEntity other = ServiceOfferingEntity.<ServiceOfferingEntity>find("name", c.name()).firstResult();
            if (other != null && (other.broker != b || !other.brokerOfferingId.equals(c.id()))) {
                throw new ApiException(ErrorCode.CONFLICT, "broker '" + b.name + "' offers '" + c.name() + "', a name broker '"
                        + other.broker.name + "' already uses" + (other.broker == b ? " for another offering id" : "")
                        + "; offering names are unique across brokers (rename it in the broker's catalog)");
            }
            ServiceOfferingEntity o = known.get(c.id());
            if (o == null) {
                o = new ServiceOfferingEntity();
                o.broker = b;
                o.brokerOfferingId = c.id();
            }
            o.name = c.name();
            o.description = c.description();
            o.tags = new ArrayList<>(c.tags());
            o.bindable = c.bindable();
            o.active = true;
            o.persist();
            plans(o, c.plans());
        }
        return catalog.offerings().stream().map(OsbCatalog.Offering::name).sorted().toList();
    }

    private static void plans(ServiceOfferingEntity o, List<OsbCatalog.Plan> plans) {
        Map<String, ServicePlanEntity> known = new LinkedHashMap<>();
        for (ServicePlanEntity p : ServicePlanEntity.<ServicePlanEntity>list("offering", o)) {
            known.put(p.brokerPlanId, p);
        }
        Set<String> listed = new HashSet<>(plans.stream().map(OsbCatalog.Plan::id).toList());
        for (ServicePlanEntity p : known.values()) {
            if (!listed.contains(p.brokerPlanId)) {
                if (ServiceInstanceEntity.count("plan", p) == 0) {
                    p.delete();
                } else {
                    p.active = false;
                    // Its name may come back for another plan id: keep the old one out of its way.
                    p.name = p.name + " (retired " + p.id + ")";
                }
            }
        }
        ServicePlanEntity.flush();
        for (OsbCatalog.Plan c : plans) {
            ServicePlanEntity p = known.get(c.id());
            if (p == null) {
                p = new ServicePlanEntity();
                p.offering = o;
                p.brokerPlanId = c.id();
            }
            p.name = c.name();
            p.description = c.description();
            p.free = c.free();
            p.bindable = c.bindable();
            p.maximumPollingDuration = c.maximumPollingDuration();
            p.active = true;
            p.persist();
        }
        ServicePlanEntity.flush();
    }

    static ServiceBrokerEntity broker(String name) {
        return ServiceBrokerEntity.byName(name).orElseThrow(() -> ApiException.notFound("service broker '" + name + "'"));
    }

    private static ServiceBrokerView view(ServiceBrokerEntity b) {
        List<String> offerings = ServiceOfferingEntity.<ServiceOfferingEntity>list("broker = ?1 and active = true", b).stream()
                .map(o -> o.name).sorted().toList();
        return new ServiceBrokerView(b.name, b.url, b.username, offerings, b.createdAt);
    }
}
