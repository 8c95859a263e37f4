package dev.paas.api.service;

import dev.paas.api.core.RequestWindow;
import dev.paas.api.infra.InstanceEntity;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The figures of {@code paas app} and the dashboard's chart in {@code /q/metrics} (Micrometer,
 * Prometheus format), per app ({@code space}, {@code app} tags) and per instance (+ {@code index}):
 *
 * <pre>
 * paas_app_requests_total, paas_app_responses_5xx_total      counted since this control plane started
 * paas_app_window_requests, paas_app_window_5xx              over the last 5 minutes, as paas app shows them
 * paas_app_request_rate_per_second, paas_app_latency_p50_seconds, paas_app_latency_p99_seconds
 * paas_instance_memory_used_bytes, paas_instance_memory_limit_bytes, paas_instance_cpu_percent
 * </pre>
 *
 * App meters are made when a router first reports the app and removed when it has been quiet for
 * the whole window; instance meters are updated with every heartbeat and removed when no
 * heartbeat mentioned the instance for {@link #INSTANCE_FORGET}. Figures of another control plane
 * replica's routers and heartbeats are not here (as with the log hub). Thread-safe.
 */
@ApplicationScoped
public class UsageMeters {

    static final Duration INSTANCE_FORGET = Duration.ofMinutes(2);

    private static final class InstanceFigures {
        volatile Double cpuPercent;
        volatile Long memoryUsed;
        volatile long memoryLimit;
        volatile Instant seen;
        final List<Meter> meters = new ArrayList<>();
    }

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<Long, InstanceFigures> instances = new ConcurrentHashMap<>();
    private final Map<Long, List<Meter>> apps = new ConcurrentHashMap<>();
    /** When instances not heard of were last looked for (once per {@link #SWEEP_EVERY}, not per report). */
    private volatile Instant swept = Instant.EPOCH;
    static final Duration SWEEP_EVERY = Duration.ofSeconds(10);

    public UsageMeters(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Records an instance's usage as its heartbeat reported it (called inside the heartbeat's transaction). */
    public void instance(InstanceEntity i) {
        Instant now = clock.instant();
        InstanceFigures f = instances.computeIfAbsent(i.id, id -> {
            InstanceFigures made = new InstanceFigures();
            Tags tags = Tags.of("space", i.app.space.name, "app", i.app.name, "index", Integer.toString(i.idx));
            made.meters.add(gauge("paas.instance.memory.used", "the guest's own memory use", "bytes", tags, made,
                    x -> x.memoryUsed == null ? Double.NaN : x.memoryUsed));
            made.meters.add(gauge("paas.instance.memory.limit", "the instance's memory limit", "bytes", tags, made,
                    x -> x.memoryLimit));
            made.meters.add(gauge("paas.instance.cpu", "CPU of the instance's VM between its last two heartbeats, of one core",
                    "percent", tags, made, x -> x.cpuPercent == null ? Double.NaN : x.cpuPercent));
            return made;
        });
        f.cpuPercent = i.cpuPercent;
        f.memoryUsed = i.memoryUsedBytes;
        f.memoryLimit = i.memoryMb * 1024L * 1024;
        f.seen = now;
        if (Duration.between(swept, now).compareTo(SWEEP_EVERY) < 0) {
            return;
        }
        swept = now;
        for (Iterator<Map.Entry<Long, InstanceFigures>> it = instances.entrySet().iterator(); it.hasNext(); ) {
            InstanceFigures old = it.next().getValue();
            if (old.seen != null && Duration.between(old.seen, now).compareTo(INSTANCE_FORGET) > 0) {
                old.meters.forEach(registry::remove);
                it.remove();
            }
        }
    }

    /** Makes the app's meters (once), reading {@code window} at each scrape. */
    void app(long appId, String space, String app, RequestWindow window) {
        apps.computeIfAbsent(appId, id -> {
            Tags tags = Tags.of("space", space, "app", app);
            List<Meter> m = new ArrayList<>();
            m.add(FunctionCounter.builder("paas.app.requests", window, w -> w.read(now()).totalRequests())
                    .description("requests its routers finished (their own 502/503 included)").tags(tags).register(registry));
            m.add(FunctionCounter.builder("paas.app.responses.5xx", window, w -> w.read(now()).total5xx())
                    .description("5xx responses its routers sent").tags(tags).register(registry));
            m.add(gauge("paas.app.window.requests", "requests in the last 5 minutes", null, tags, window,
                    w -> w.read(now()).requests()));
            m.add(gauge("paas.app.window.5xx", "5xx responses in the last 5 minutes", null, tags, window,
                    w -> w.read(now()).status5xx()));
            m.add(gauge("paas.app.request.rate", "requests per second over the last 5 minutes", "per.second", tags, window,
                    w -> w.read(now()).requests() / (double) RequestWindow.WINDOW_SECONDS));
            m.add(gauge("paas.app.latency.p50", "median latency over the last 5 minutes", "seconds", tags, window,
                    w -> seconds(w.read(now()).whole().p50Millis())));
            m.add(gauge("paas.app.latency.p99", "99th percentile latency over the last 5 minutes", "seconds", tags, window,
                    w -> seconds(w.read(now()).whole().p99Millis())));
            return m;
        });
    }

    /** Removes the app's meters (its window went quiet). */
    void forgetApp(long appId) {
        List<Meter> m = apps.remove(appId);
        if (m != null) {
            m.forEach(registry::remove);
        }
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private static double seconds(Double millis) {
        return millis == null ? Double.NaN : millis / 1000;
    }

    private <T> Gauge gauge(String name, String description, String unit, Tags tags, T obj, ToDoubleFunction<T> f) {
        Gauge.Builder<T> b = Gauge.builder(name, obj, f).description(description).tags(tags).strongReference(true);
        return (unit == null ? b : b.baseUnit(unit)).register(registry);
    }
}
