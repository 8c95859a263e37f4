package dev.paas.router.infra;

import dev.paas.model.RoutingTable;
import dev.paas.model.RoutingTable.RoutingEntry;
import dev.paas.scheduler.api.RouteIndex;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The table the router serves: the last one it got from the control plane, swapped whole when
 * a new version arrives and kept as it is while the control plane is unreachable. Written by
 * the table watcher's thread, read by every event loop (one volatile read per request).
 */
final class LiveRoutes {

    /**
     * One version of the table, immutable. {@code version} 0 means none was loaded yet.
     * {@code served}: the apps with at least one endpoint (held requests for them can go).
     */
    record Snapshot(long version, RouteIndex<Target> index, long loadedAtMillis, Set<Long> served) {

        Snapshot(long version, RouteIndex<Target> index, long loadedAtMillis) {
            this(version, index, loadedAtMillis, Set.of());
        }

        /** Whether a table came from the control plane (the control plane never sends version 0). */
        boolean loaded() {
            return version != 0;
        }

        /** Whether the app has an endpoint in this table. */
        boolean served(long appId) {
            return served.contains(appId);
        }
    }

    private volatile Snapshot current = new Snapshot(0, RouteIndex.empty(), 0);
    private final RequestMetrics metrics;
    private volatile Holds holds;

    LiveRoutes(RequestMetrics metrics) {
        this.metrics = metrics;
    }

    Snapshot current() {
        return current;
    }

    /** Each new table releases the held requests of the apps it has endpoints for. */
    void releaseInto(Holds h) {
        this.holds = h;
    }

    /** Replaces the table. Routes or endpoints the router cannot use are skipped and logged. */
    void update(RoutingTable table, long nowMillis) {
        List<RouteIndex.Entry<Target>> entries = new ArrayList<>();
        Set<Long> served = new HashSet<>();
        for (RoutingEntry r : table.routes()) {
            if (r == null || r.host() == null || r.host().isBlank()) {
                continue;
            }
            List<Backend> backends = new ArrayList<>();
            for (String address : r.endpoints() == null ? List.<String>of() : r.endpoints()) {
                Backend.parse(address).ifPresentOrElse(backends::add,
                        () -> Events.warn("router.bad-endpoint", "host", r.host(), "app", r.app(), "endpoint", address));
            }
            String path = r.path() == null ? "" : r.path();
            if (!path.isEmpty() && !path.startsWith("/")) {
                Events.warn("router.bad-route", "host", r.host(), "path", path);
                continue;
            }
            entries.add(new RouteIndex.Entry<>(r.host(), path, new Target(r.host(), r.appId(), r.app(), backends,
                    metrics.counters(r.appId()), r.idle())));
            if (!backends.isEmpty()) {
                served.add(r.appId());
            }
        }
        Snapshot next = new Snapshot(table.version(), RouteIndex.of(entries), nowMillis, Set.copyOf(served));
        current = next;
        Holds h = holds;
        if (h != null) {
            h.tableChanged(next); // after the swap: a request held from now on sees the new table itself
        }
        metrics.keepOnly(entries.stream().map(e -> e.value().appId()).collect(java.util.stream.Collectors.toSet()));
    }
}
