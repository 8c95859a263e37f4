package dev.paas.api.ui;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recent CPU figures per instance for the app page's sparklines, kept in memory while someone
 * watches: each render of the instances fragment adds the instance's CPU as the control plane
 * computed it from its last two heartbeats ({@code InstanceUsage.cpuPercent}), when it changed or
 * every {@link #IDLE_SAMPLE}. Losing them on restart costs only a short blank sparkline.
 * Thread-safe: fragments of different viewers render concurrently.
 */
@ApplicationScoped
public class InstanceMetrics {

    static final int SAMPLES = 24;
    /** An idle instance's CPU does not move; still take a point this often so the line advances. */
    static final Duration IDLE_SAMPLE = Duration.ofSeconds(10);
    static final Duration FORGET_AFTER = Duration.ofMinutes(10);

    private static final class Series {
        final Deque<Double> percents = new ArrayDeque<>();
        Double last;
        Instant lastAt;
        Instant seen;
    }

    /** CPU now, in percent of one core, and the sparkline's SVG points. */
    public record Usage(String cpu, String sparkline) {
    }

    private final Map<String, Series> series = new ConcurrentHashMap<>();
    private final Clock clock;

    public InstanceMetrics(Clock clock) {
        this.clock = clock;
    }

    /** Records the instance's CPU percent (null: not known yet) and answers its recent usage. */
    public Usage observe(String key, Double cpuPercent) {
        Instant now = clock.instant();
        forgetOld(now);
        if (cpuPercent == null) {
            return new Usage("measuring…", "");
        }
        Series s = series.computeIfAbsent(key, k -> new Series());
        synchronized (s) {
            s.seen = now;
            if (s.last == null || !s.last.equals(cpuPercent) || Duration.between(s.lastAt, now).compareTo(IDLE_SAMPLE) >= 0) {
                s.percents.addLast(cpuPercent);
                if (s.percents.size() > SAMPLES) {
                    s.percents.removeFirst();
                }
                s.last = cpuPercent;
                s.lastAt = now;
            }
            return new Usage(String.format(java.util.Locale.ROOT, "%.1f%%", cpuPercent), points(s.percents));
        }
    }

    /** SVG polyline points in a 80×20 box, scaled to the highest value (at least 5 %). */
    static String points(Iterable<Double> values) {
        double max = 5;
        int n = 0;
        for (double v : values) {
            max = Math.max(max, v);
            n++;
        }
        if (n < 2) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        int i = 0;
        for (double v : values) {
            double x = 80.0 * i++ / (n - 1);
            double y = 19 - 18 * v / max;
            sb.append(String.format(java.util.Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        return sb.toString().strip();
    }

    private void forgetOld(Instant now) {
        for (Iterator<Series> it = series.values().iterator(); it.hasNext(); ) {
            Series s = it.next();
            if (s.seen != null && Duration.between(s.seen, now).compareTo(FORGET_AFTER) > 0) {
                it.remove();
            }
        }
    }
}
