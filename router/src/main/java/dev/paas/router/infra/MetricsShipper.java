package dev.paas.router.infra;

import dev.paas.router.core.RequestCounters;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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
final class MetricsShipper {

    private final Context context;
    private final ControlPlane controlPlane;
    private final RequestMetrics metrics;
    private final String router;
    private final Duration every;
    /** Per app, the totals the control plane has accepted. Confined to {@link #context}. */
    private final Map<Long, RequestCounters.Totals> accepted = new HashMap<>();
    private boolean sending;
    private boolean failing;
    private long timer = -1;

    MetricsShipper(Context context, ControlPlane controlPlane, RequestMetrics metrics, String router, Duration every) {
        this.context = context;
        this.controlPlane = controlPlane;
        this.metrics = metrics;
        this.router = router;
        this.every = every;
    }

    void start() {
        context.runOnContext(v -> timer = context.owner().setPeriodic(Math.max(1, every.toMillis()), id -> send()));
    }

    /** Stops the timer and sends what is left, once; completes when that is done or failed. */
    Future<Void> stop() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            if (timer >= 0) {
                context.owner().cancelTimer(timer);
            }
            if (sending) {
                done.complete();
                return;
            }
            send().onComplete(ar -> done.complete());
        });
        return done.future();
    }

    private Future<Void> send() {
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
                if (failing) {
                    failing = false;
                    Events.info("router.metrics-recovered", "url", controlPlane.metricsUrl());
                }
            } else if (!failing) { // once per outage
                failing = true;
                Events.warn("router.metrics-post-failed", "url", controlPlane.metricsUrl(), "error", Events.describe(ar.cause()),
                        "apps", apps.size());
            }
        });
    }
}
