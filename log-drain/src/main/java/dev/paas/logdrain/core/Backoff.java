package dev.paas.logdrain.core;

import java.time.Duration;

/** Reconnect delays: {@code min}, doubled per failure in a row, at most {@code max}. */
public record Backoff(Duration min, Duration max) {

    public Backoff {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < min <= max, got min=" + min + " max=" + max);
        }
    }

    /** The delay after {@code failures} failures in a row (1 for the first). */
    public Duration after(int failures) {
        int doublings = Math.max(0, Math.min(failures - 1, 30));
        Duration d = min.multipliedBy(1L << doublings);
        return d.compareTo(max) > 0 || d.isNegative() ? max : d;
    }
}
