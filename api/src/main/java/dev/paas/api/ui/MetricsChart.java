package dev.paas.api.ui;

import dev.paas.model.AppMetricsView;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The app page's request chart, drawn on the server as inline SVG (no script, no chart library):
 * one bar per bucket of the window (its 5xx stacked on top in red) and the p50/p99 latency lines,
 * each in a 300-unit-wide box stretched to the card's width. Every bar carries its bucket's counts
 * ({@code data-requests}, {@code data-5xx}) and a tooltip. Pure.
 */
final class MetricsChart {

    static final double WIDTH = 300;
    static final double BARS_HEIGHT = 100;
    static final double LINES_HEIGHT = 60;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    /** One bucket's bar: the whole bar, and its 5xx part on top (SVG units; y grows downwards). */
    record Bar(String x, String width, String y, String height, String errorY, String errorHeight, long requests, long errors,
               String title) {
    }

    /**
     * What the metrics card shows.
     *
     * @param p50Points p50 line, SVG polyline points ("" without requests); the same for p99
     */
    record Panel(long requestCount, long errorCount, String requests, String errors, String rate, String p50, String p99,
                 boolean errorsSeen, List<Bar> bars, String barsMax, String p50Points, String p99Points, String latencyMax,
                 String window, String bucket, boolean any) {
    }

    private MetricsChart() {
    }

    static Panel of(AppMetricsView m) {
        List<AppMetricsView.Bucket> buckets = m.buckets();
        int n = Math.max(1, buckets.size());
        double slot = WIDTH / n;
        long maxRequests = Math.max(1, buckets.stream().mapToLong(AppMetricsView.Bucket::requests).max().orElse(0));
        double maxLatency = buckets.stream().map(AppMetricsView.Bucket::p99Millis).filter(v -> v != null)
                .mapToDouble(Double::doubleValue).max().orElse(0);
        double latencyScale = maxLatency <= 0 ? 1 : niceCeiling(maxLatency);
        List<Bar> bars = new ArrayList<>(buckets.size());
        StringBuilder p50 = new StringBuilder();
        StringBuilder p99 = new StringBuilder();
        for (int i = 0; i < buckets.size(); i++) {
            AppMetricsView.Bucket b = buckets.get(i);
            double x = i * slot + slot * 0.1;
            double h = BARS_HEIGHT * b.requests() / maxRequests;
            double eh = BARS_HEIGHT * b.status5xx() / maxRequests;
            String title = CLOCK.format(b.start()) + " UTC, " + m.bucketSeconds() + " s: " + b.requests() + " requests, "
                    + b.status5xx() + " 5xx" + (b.p50Millis() == null ? "" : ", p50 " + millis(b.p50Millis()) + ", p99 " + millis(b.p99Millis()));
            bars.add(new Bar(num(x), num(slot * 0.8), num(BARS_HEIGHT - h), num(h), num(BARS_HEIGHT - h), num(eh), b.requests(),
                    b.status5xx(), title));
            if (b.p50Millis() != null) {
                // A level across the bucket (a single bucket with requests still shows).
                step(p50, x, x + slot * 0.8, LINES_HEIGHT - LINES_HEIGHT * b.p50Millis() / latencyScale);
                step(p99, x, x + slot * 0.8, LINES_HEIGHT - LINES_HEIGHT * b.p99Millis() / latencyScale);
            }
        }
        return new Panel(m.requests(), m.status5xx(), Long.toString(m.requests()),
                m.status5xx() + (m.requests() == 0 ? "" : " (" + percent(100.0 * m.status5xx() / m.requests()) + ")"),
                String.format(Locale.ROOT, "%.2f req/s", m.requestsPerSecond()),
                m.p50Millis() == null ? "–" : millis(m.p50Millis()), m.p99Millis() == null ? "–" : millis(m.p99Millis()),
                m.status5xx() > 0, bars, Long.toString(maxRequests), p50.toString().strip(), p99.toString().strip(),
                maxLatency <= 0 ? "" : millis(latencyScale), m.windowSeconds() % 60 == 0 ? m.windowSeconds() / 60 + " min" : m.windowSeconds() + " s",
                m.bucketSeconds() + " s", m.requests() > 0);
    }

    private static void step(StringBuilder points, double from, double to, double y) {
        String level = num(Math.max(1, y));
        points.append(num(from)).append(',').append(level).append(' ').append(num(to)).append(',').append(level).append(' ');
    }

    /** {@code 0.42 ms}, {@code 3.1 ms}, {@code 120 ms}, {@code 1.25 s}. */
    static String millis(double ms) {
        if (ms < 1) {
            return String.format(Locale.ROOT, "%.2f ms", ms);
        }
        if (ms < 10) {
            return String.format(Locale.ROOT, "%.1f ms", ms);
        }
        if (ms < 1000) {
            return Math.round(ms) + " ms";
        }
        return String.format(Locale.ROOT, "%.2f s", ms / 1000);
    }

    static String percent(double p) {
        return p >= 10 || p == 0 ? Math.round(p) + "%" : String.format(Locale.ROOT, "%.1f%%", p);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code v}: a scale people read at a glance. */
    static double niceCeiling(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double f : new double[] {1, 2, 5, 10}) {
            if (f * p >= v) {
                return f * p;
            }
        }
        return 10 * p;
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
