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
 * Recent CPU samples per instance for the app page's sparklines, kept in memory while someone
 * watches (samples come from the heartbeats' cumulative CPU seconds, read each time the
 * instances fragment renders). Losing them on restart costs only a short blank sparkline.
 * Thread-safe: fragments of different viewers render concurrently.
 */
@ApplicationScoped
public class InstanceMetrics {

    static final int SAMPLES = 24;
    /** An idle instance's CPU does not move; still take a point this often so the line advances. */
    static final Duration IDLE_SAMPLE = Duration.ofSeconds(10);
    static final Duration FORGET_AFTER = Duration.ofMinutes(10);

    private record Sample(Instant at, double cpuSeconds) {
    }

    private static final class Series {
        final Deque<Sample> samples = new ArrayDeque<>();
        final Deque<Double> percents = new ArrayDeque<>();
        Instant seen;
    }

    /** CPU now, in percent of one vCPU, and the sparkline's SVG points. */
    public record Usage(String cpu, String sparkline) {
    }

    private final Map<String, Series> series = new ConcurrentHashMap<>();
    private final Clock clock;

    public InstanceMetrics(Clock clock) {
        this.clock = clock;
    }

    /** Records the instance's cumulative CPU (null: not reported yet) and answers its recent usage. */
    public Usage observe(String key, Double cpuSeconds) {
        Instant now = clock.instant();
        forgetOld(now);
        if (cpuSeconds == null) {
            return new Usage("–", "");
        }
        Series s = series.computeIfAbsent(key, k -> new Series());
        synchronized (s) {
            s.seen = now;
            Sample last = s.samples.peekLast();
            boolean changed = last == null || last.cpuSeconds() != cpuSeconds;
            if (changed || Duration.between(last.at(), now).compareTo(IDLE_SAMPLE) >= 0) {
                if (last != null && cpuSeconds >= last.cpuSeconds()) {
                    double secs = Math.max(0.001, Duration.between(last.at(), now).toMillis() / 1000.0);
                    s.percents.addLast(Math.min(100.0 * 64, (cpuSeconds - last.cpuSeconds()) / secs * 100));
                    if (s.percents.size() > SAMPLES) {
                        s.percents.removeFirst();
                    }
                }
                s.samples.addLast(new Sample(now, cpuSeconds));
                if (s.samples.size() > 2) {
                    s.samples.removeFirst();
                }
            }
            Double current = s.percents.peekLast();
            return new Usage(current == null ? "measuring…" : String.format(java.util.Locale.ROOT, "%.1f%%", current), points(s.percents));
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
