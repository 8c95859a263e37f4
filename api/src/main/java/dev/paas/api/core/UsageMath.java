package dev.paas.api.core;

import java.time.Duration;
import java.time.Instant;

/** Usage figures derived from what node agents report. Pure. */
public final class UsageMath {

    /** Shorter intervals than this give noise, not a CPU figure (two heartbeats in a row). */
    static final Duration MIN_INTERVAL = Duration.ofMillis(500);

    private UsageMath() {
    }

    /**
     * CPU in percent of one core between two cumulative readings of a VM's CPU seconds taken at
     * {@code before} and {@code now}; null when a reading is missing, the interval is too short, or
     * the CPU went down (a new VM took the instance's place).
     */
    public static Double cpuPercent(Double cpuBefore, Double cpuNow, Instant before, Instant now) {
        if (cpuBefore == null || cpuNow == null || before == null || now == null || cpuNow < cpuBefore) {
            return null;
        }
        long millis = Duration.between(before, now).toMillis();
        if (millis < MIN_INTERVAL.toMillis()) {
            return null;
        }
        return (cpuNow - cpuBefore) * 100_000.0 / millis;
    }

    /** {@code used} in percent of {@code limit}; null when either is unknown. */
    public static Double percentOf(Long used, long limit) {
        return used == null || limit <= 0 ? null : used * 100.0 / limit;
    }
}
