package dev.paas.router.infra;

import dev.paas.router.core.RequestCounters;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Sends what each app's counters counted since the last accepted post to the control plane
 * ({@code POST /v1/routing/metrics}), every {@code every} (the access log's cadence), when
 * anything was counted. A post the control plane did not take is not lost: the next one carries
 * its counts too (the deltas are taken against what was accepted). One post at a time, on the
 * control-plane context.
 */
final class MetricsShipper extends PeriodicPoster {

    private final ControlPlane controlPlane;
    private final RequestMetrics metrics;
    private final String router;
    /** Per app, the totals the control plane has accepted. Confined to {@link #context}. */
    private final Map<Long, RequestCounters.Totals> accepted = new HashMap<>();

    MetricsShipper(Context context, ControlPlane controlPlane, RequestMetrics metrics, String router, Duration every) {
        super(context, every);
        this.controlPlane = controlPlane;
        this.metrics = metrics;
        this.router = router;
    }

    @Override
    protected void tick() {
        send();
    }

    @Override
    protected boolean pending() {
        return true;  // send() looks for counts itself
    }


    @Override
    protected Future<Void> send() {
        if (sending) {
            return Future.succeededFuture();
        }
        Map<Long, RequestCounters.Totals> now = new HashMap<>();
        JsonArray apps = new JsonArray();
        metrics.all().forEach((id, counters) -> {
            RequestCounters.Totals t = counters.totals();
            RequestCounters.Totals delta = t.minus(accepted.getOrDefault(id, RequestCounters.Totals.ZERO));
            if (delta.any()) {
                now.put(id, t);
                JsonArray latency = new JsonArray();
                for (long n : delta.latency()) {
                    latency.add(n);
                }
                apps.add(new JsonObject().put("appId", id).put("requests", delta.requests())
                        .put("status4xx", delta.status4xx()).put("status5xx", delta.status5xx()).put("latency", latency));
            } else if (metrics.isRetired(id)) {
                accepted.remove(id);
                metrics.forget(id);
            }
        });
        if (apps.isEmpty()) {
            return Future.succeededFuture();
        }
        sending = true;
        return controlPlane.postMetrics(new JsonObject().put("router", router).put("apps", apps).toBuffer()).andThen(ar -> {
            sending = false;
            if (ar.succeeded()) {
                accepted.putAll(now);
                succeeded("router.metrics-recovered", controlPlane.metricsUrl());
            } else if (firstFailure()) {
                Events.warn("router.metrics-post-failed", "url", controlPlane.metricsUrl(), "error", Events.describe(ar.cause()),
                        "apps", apps.size());
            }
        });
    }
}
