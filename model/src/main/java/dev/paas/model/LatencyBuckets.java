package dev.paas.model;

import java.util.Arrays;
import java.util.List;

/**
 * The latency histogram routers count requests into and the control plane reads percentiles
 * from: fixed upper bounds (inclusive, in microseconds), about 25 % apart, so that a percentile
 * read from merged counts is within a quarter of the true value. Bucket {@code i} counts requests
 * that took at most {@code UPPER_MICROS[i]} and more than the bound before it; the last bucket
 * ({@link #COUNT}{@code - 1}) counts everything slower than the largest bound. Both sides
 * share this one array: a batch with another number of buckets is refused.
 */
public final class LatencyBuckets {

    private static final long[] UPPER_MICROS = bounds();
    /** Buckets in a histogram: one per bound plus the overflow bucket. */
    public static final int COUNT = UPPER_MICROS.length + 1;

    private LatencyBuckets() {
    }

    /** 100 µs, 125 µs, ... about ×1.25 each, rounded to two significant digits, up to 60 s. */
    private static long[] bounds() {
        long[] out = new long[64];
        int n = 0;
        double v = 100;
        while (v <= 60_000_000) {
            long rounded = round2(v);
            if (n == 0 || rounded > out[n - 1]) {
                out[n++] = rounded;
            }
            v *= 1.25;
        }
        return Arrays.copyOf(out, n);
    }

    private static long round2(double v) {
        long scale = 1;
        while (v / scale >= 100) {
            scale *= 10;
        }
        return Math.round(v / scale) * scale;
    }

    /** The bucket of a request that took {@code micros}. Allocation-free; any thread. */
    public static int index(long micros) {
        int i = Arrays.binarySearch(UPPER_MICROS, micros);
        return i >= 0 ? i : -i - 1;
    }

    /** The upper bound of bucket {@code i} in microseconds; {@link Long#MAX_VALUE} for the last. */
    public static long upperMicros(int i) {
        return i < UPPER_MICROS.length ? UPPER_MICROS[i] : Long.MAX_VALUE;
    }

    /** The lower bound of bucket {@code i} in microseconds (0 for the first). */
    public static long lowerMicros(int i) {
        return i == 0 ? 0 : UPPER_MICROS[i - 1];
    }

    /** The bounds, for documentation and the control plane's checks. */
    public static List<Long> upperBoundsMicros() {
        return Arrays.stream(UPPER_MICROS).boxed().toList();
    }

    /**
     * The {@code q}-quantile (0 &lt; q ≤ 1) of a histogram in milliseconds, interpolated linearly
     * inside its bucket as Prometheus's {@code histogram_quantile} does; the overflow bucket answers
     * its lower bound. Null when the histogram is empty.
     */
    public static Double quantileMillis(long[] counts, double q) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return null;
        }
        double rank = q * total;
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                continue;
            }
            if (seen + counts[i] >= rank) {
                if (i >= UPPER_MICROS.length) {
                    return lowerMicros(i) / 1000.0;
                }
                double lo = lowerMicros(i);
                double hi = upperMicros(i);
                return (lo + (hi - lo) * (rank - seen) / counts[i]) / 1000.0;
            }
            seen += counts[i];
        }
        return lowerMicros(counts.length - 1) / 1000.0;
    }
}
