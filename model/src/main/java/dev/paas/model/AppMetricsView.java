package dev.paas.model;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /v1/spaces/{space}/apps/{app}/metrics} ({@code paas app NAME}, the dashboard's chart):
 * the app's requests as its routers counted them over the last {@code windowSeconds}, in buckets of
 * {@code bucketSeconds}, and what each instance uses now.
 *
 * @param requests      requests finished in the window (all routers)
 * @param status5xx     of which 5xx (the router's own 502/503 included)
 * @param requestsPerSecond requests / the window's length
 * @param p50Millis     median latency in the window, null without requests
 * @param p99Millis     99th percentile latency in the window, null without requests
 * @param buckets       oldest first, every bucket of the window (empty ones too)
 */
public record AppMetricsView(Instant at, int windowSeconds, int bucketSeconds, long requests, long status5xx,
                             double requestsPerSecond, Double p50Millis, Double p99Millis, List<Bucket> buckets,
                             List<InstanceUsage> instances) {

    /** One bucket of the window, starting at {@code start}. */
    public record Bucket(Instant start, long requests, long status5xx, Double p50Millis, Double p99Millis) {
    }

    /**
     * What one instance uses now.
     *
     * @param memoryUsedBytes the guest's own memory use (total − available, as its kernel counts), null
     *                        while its node agent does not report it
     * @param memoryLimitBytes the instance's memory limit
     * @param cpuPercent      CPU of its VM between its last two heartbeats, in percent of one core; null
     *                        until two heartbeats came
     */
    public record InstanceUsage(int index, InstanceState state, Long memoryUsedBytes, long memoryLimitBytes,
                                Double memoryPercent, Double cpuPercent) {
    }
}
