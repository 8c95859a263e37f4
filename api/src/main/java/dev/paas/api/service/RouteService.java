package dev.paas.api.service;

import dev.paas.api.core.ApiException;
import dev.paas.api.core.Caller;
import dev.paas.api.core.PageRequest;
import dev.paas.api.core.RouteSpec;
import dev.paas.api.infra.AppEntity;
import dev.paas.api.infra.PaasConfig;
import dev.paas.api.infra.RouteEntity;
import dev.paas.api.infra.SpaceEntity;
import dev.paas.model.CreateRouteRequest;
import dev.paas.model.MapRouteRequest;
import dev.paas.model.Page;
import dev.paas.model.RouteView;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Routes: globally unique host + path, claimed by a space, mapped to at most one of its apps. */
@ApplicationScoped
public class RouteService {

    /** First key of the advisory locks that serialise claims of one host (the second is the host's hash). */
    private static final int HOST_LOCKS = 0x726f7574;
    private final Clock clock;
    private final EventLog events;

    private final int publicPort;

    public RouteService(Clock clock, EventLog events, PaasConfig config) {
        this.clock = clock;
        this.events = events;
        this.publicPort = config.router().publicPort();
        if (publicPort < 1 || publicPort > 65535) {
            throw new IllegalArgumentException("paas.router.public-port (PAAS_ROUTER_PUBLIC_PORT) must be 1 to 65535, got "
                    + publicPort);
        }
    }

    @Transactional
    public RouteView create(Caller caller, String space, CreateRouteRequest req) {
        SpaceEntity s = Lookup.space(caller, space);
        if (req == null) {
            throw ApiException.invalid("body", "is required: send {\"host\": \"my-app.localhost\"}");
        }
        RouteSpec spec = RouteSpec.of(req.host(), req.path());
        AppEntity app = req.app() == null ? null : Lookup.app(caller, space, req.app());
        claimable(caller, s, spec);
        RouteEntity r = new RouteEntity();
        r.space = s;
        r.host = spec.host();
        r.path = spec.path();
        r.app = app;
        r.createdAt = Instant.now(clock);
        r.persist();
        events.record(caller, "route.create", s, app, "route/" + r.host + r.path, app == null ? Map.of() : Map.of("app", app.name));
        return view(r);
    }

    /**
     * A host belongs to the space that holds a route on it: every path of that host stays with that
     * space (else another space could take over {@code /login} of someone's app, the longest prefix
     * winning). Claims of one host are serialised by a transaction-scoped advisory lock, so two
     * spaces cannot both pass this check at the same moment.
     */
    private static void claimable(Caller caller, SpaceEntity space, RouteSpec spec) {
        RouteEntity.getEntityManager().createNativeQuery("select count(*) from (select pg_advisory_xact_lock(?1, hashtext(?2))) l")
                .setParameter(1, HOST_LOCKS).setParameter(2, spec.host()).getSingleResult();
        RouteEntity owner = RouteEntity.<RouteEntity>find("host = ?1 and space <> ?2", spec.host(), space).firstResult();
        if (owner != null) {
            throw ApiException.alreadyExists("host " + spec.host() + " is taken by "
                    + (caller.canUseSpace(owner.space.id) ? "space '" + owner.space.name + "'" : "another space")
                    + ": every route of a host belongs to one space; choose another host name");
        }
        if (RouteEntity.count("host = ?1 and path = ?2", spec.host(), spec.path()) > 0) {
            throw ApiException.alreadyExists("route " + spec.host() + spec.path() + " already exists in space '" + space.name
                    + "'; map it with PUT .../routes/{id}/app");
        }
    }

    @Transactional
    public Page<RouteView> list(Caller caller, String space, PageRequest page) {
        SpaceEntity s = Lookup.space(caller, space);
        var q = RouteEntity.<RouteEntity>find("space", Sort.by("host").and("path"), s).page(page.page() - 1, page.perPage());
        return new Page<>(q.list().stream().map(this::view).toList(), page.page(), page.perPage(), q.count());
    }

    @Transactional
    public RouteView map(Caller caller, String space, long id, MapRouteRequest req) {
        RouteEntity r = route(caller, space, id);
        if (req == null || req.app() == null) {
            throw ApiException.invalid("app", "is required: the name of an app in space '" + space + "'");
        }
        AppEntity app = Lookup.app(caller, space, req.app());
        r.app = app;
        events.record(caller, "route.map", r.space, app, "route/" + r.host + r.path, Map.of("app", app.name));
        return view(r);
    }

    @Transactional
    public RouteView unmap(Caller caller, String space, long id) {
        RouteEntity r = route(caller, space, id);
        if (r.app != null) {
            Map<String, Object> details = new HashMap<>();
            details.put("app", r.app.name);
            events.record(caller, "route.unmap", r.space, r.app, "route/" + r.host + r.path, details);
            r.app = null;
        }
        return view(r);
    }

    @Transactional
    public void delete(Caller caller, String space, long id) {
        RouteEntity r = route(caller, space, id);
        events.record(caller, "route.delete", r.space, r.app, "route/" + r.host + r.path, Map.of());
        r.delete();
    }

    private static RouteEntity route(Caller caller, String space, long id) {
        SpaceEntity s = Lookup.space(caller, space);
        return RouteEntity.<RouteEntity>find("id = ?1 and space = ?2", id, s).firstResultOptional()
                .orElseThrow(() -> ApiException.notFound("route " + id + " in space '" + space + "'"));
    }

    RouteView view(RouteEntity r) {
        return new RouteView(r.id, r.host, r.path, r.space.name, r.app == null ? null : r.app.name, r.createdAt,
                url(r.host, r.path, publicPort));
    }

    /** {@code http://host[:port]/path}: the port only when it is not HTTP's 80. */
    static String url(String host, String path, int port) {
        return "http://" + host + (port == 80 ? "" : ":" + port) + (path == null || path.isEmpty() ? "/" : path);
    }
}
