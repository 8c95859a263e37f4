package dev.paas.api.service;

import dev.paas.api.core.ProcessKey;
import dev.paas.api.infra.InstanceEntity;
import dev.paas.api.infra.RouteEntity;
import dev.paas.model.InstanceState;
import dev.paas.model.RoutingTable;
import dev.paas.model.RoutingTable.RoutingEntry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The route table routers follow: mapped routes and the endpoints of their apps' RUNNING,
 * healthy instances (a DRAINING one has left it). Its version is a fingerprint of its content, so every control plane
 * replica gives the same version for the same table and a router can long-poll any of them.
 */
@ApplicationScoped
public class RoutingService {

    @Transactional
    public RoutingTable table() {
        List<RouteEntity> routes = RouteEntity.list("app is not null");
        Map<Long, List<String>> endpoints = InstanceEntity.<InstanceEntity>list("state = ?1", InstanceState.RUNNING).stream()
                .filter(RoutingService::serves)
                .collect(Collectors.groupingBy(i -> i.app.id, Collectors.mapping(i -> i.endpoint, Collectors.toList())));
        List<RoutingEntry> entries = new ArrayList<>();
        for (RouteEntity r : routes) {
            // An idle app's routes have no endpoints (those still running are on their way out):
            // routers hold its requests and wake it.
            boolean idle = IdleApps.idle(r.app);
            List<String> eps = idle ? List.of() : endpoints.getOrDefault(r.app.id, List.of()).stream().sorted().toList();
            entries.add(new RoutingEntry(r.host, r.path, r.app.id, r.app.space.name + "/" + r.app.name, eps, idle));
        }
        entries.sort(Comparator.comparing(RoutingEntry::host).thenComparing(RoutingEntry::path));
        return new RoutingTable(fingerprint(entries), entries);
    }

    /**
     * Whether the table lists this instance's endpoint (when its app has a route): a web one (no
     * other process type is routed), RUNNING (so not DRAINING), still wanted, with an endpoint,
     * and not reported unhealthy.
     */
    public static boolean serves(InstanceEntity i) {
        return ProcessKey.WEB.equals(i.processType) && i.state == InstanceState.RUNNING && i.desired == InstanceEntity.Desired.RUN
                && i.endpoint != null && !Boolean.FALSE.equals(i.healthy);
    }

    /** A positive 63-bit fingerprint of the entries (0 is reserved for "no table yet"). */
    static long fingerprint(List<RoutingEntry> entries) {
        long h = 1125899906842597L;
        for (RoutingEntry e : entries) {
            for (String s : List.of(e.host(), e.path(), Long.toString(e.appId()), e.app(), String.join(",", e.endpoints()),
                    e.idle() ? "idle" : "")) {
                for (int k = 0; k < s.length(); k++) {
                    h = 31 * h + s.charAt(k);
                }
                h = 31 * h + 0x1f;
            }
        }
        long v = h & Long.MAX_VALUE;
        return v == 0 ? 1 : v;
    }
}
