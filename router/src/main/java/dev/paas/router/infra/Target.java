package dev.paas.router.infra;

import dev.paas.router.core.RequestCounters;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where one route leads: its app and the endpoints of the app's instances, picked round robin.
 * Lives as long as one table version. Thread-safe: the counter is shared by all event loops.
 *
 * @param host  the route's host, for error bodies
 * @param appId the app's id, for access-log lines
 * @param app   {@code space/name}, for the router's own log
 * @param counters the app's request counters (the same object across table versions)
 * @param idle  the app is scaled to zero: its requests are held while it wakes ({@link Holds})
 */
record Target(String host, long appId, String app, Backend[] backends, AtomicInteger next, RequestCounters counters,
              boolean idle) {

    Target(String host, long appId, String app, List<Backend> backends, RequestCounters counters, boolean idle) {
        this(host, appId, app, backends.toArray(new Backend[0]), new AtomicInteger(), counters, idle);
    }

    Target(String host, long appId, String app, List<Backend> backends, RequestCounters counters) {
        this(host, appId, app, backends, counters, false);
    }

    /** With counters of its own (tests). */
    Target(String host, long appId, String app, List<Backend> backends) {
        this(host, appId, app, backends, new RequestCounters());
    }

    /**
     * The next endpoint in round-robin order that this request has not tried ({@code tried}: bit i
     * for backend i) and that is not marked bad; if every untried one is marked bad, the next
     * untried one anyway (a mark may be stale, and trying beats a certain 502). {@code -1} when
     * every endpoint has been tried.
     */
    int pick(long tried, EndpointHealth health) {
        int n = backends.length;
        if (n == 0) {
            return -1;
        }
        int start = Math.floorMod(next.getAndIncrement(), n);
        int fallback = -1;
        for (int k = 0; k < n; k++) {
            int i = start + k < n ? start + k : start + k - n;
            if (i < 64 && (tried & (1L << i)) != 0) {
                continue;
            }
            if (!health.isBad(backends[i].address())) {
                return i;
            }
            if (fallback < 0) {
                fallback = i;
            }
        }
        return fallback;
    }
}
