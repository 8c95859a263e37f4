package dev.paas.router.infra;

import dev.paas.model.LatencyBuckets;
import dev.paas.router.core.RequestCounters;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The request counters of every app this router routes, by app id. A table update hands each
 * route's {@link Target} its app's counters (one map lookup per table, none per request); an app
 * that left the table is <em>retired</em> and forgotten once what it counted was shipped.
 * Lookups and retiring run on the control-plane context (the table watcher and the shipper share
 * it); {@link #all} and {@link #json} may be read from any thread.
 */
final class RequestMetrics {

    private final Map<Long, RequestCounters> byApp = new ConcurrentHashMap<>();
    private final Set<Long> retired = ConcurrentHashMap.newKeySet();

    /** The app's counters, made on first use; an app back in the table is no longer retired. */
    RequestCounters counters(long appId) {
        retired.remove(appId);
        return byApp.computeIfAbsent(appId, id -> new RequestCounters());
    }

    /** Retires the apps not in {@code apps} (the apps of the new table). */
    void keepOnly(Set<Long> apps) {
        for (Long id : byApp.keySet()) {
            if (!apps.contains(id)) {
                retired.add(id);
            }
        }
    }

    Map<Long, RequestCounters> all() {
        return byApp;
    }

    boolean isRetired(long appId) {
        return retired.contains(appId);
    }

    /** Forgets a retired app whose counts all reached the control plane. */
    void forget(long appId) {
        if (retired.remove(appId)) {
            byApp.remove(appId);
        }
    }

    /**
     * {@code GET /metrics} on the admin port: per app id, the requests since the router started,
     * 4xx, 5xx and the latency histogram ({@code latencyBucketsMicros}: upper bounds, the last
     * bucket has none).
     */
    JsonObject json() {
        JsonObject apps = new JsonObject();
        byApp.forEach((id, c) -> {
            RequestCounters.Totals t = c.totals();
            JsonArray latency = new JsonArray();
            for (long n : t.latency()) {
                latency.add(n);
            }
            apps.put(Long.toString(id), new JsonObject().put("requests", t.requests()).put("status4xx", t.status4xx())
                    .put("status5xx", t.status5xx()).put("latency", latency));
        });
        return new JsonObject().put("latencyBucketsMicros", new JsonArray(LatencyBuckets.upperBoundsMicros())).put("apps", apps);
    }
}
