package dev.paas.api.core;

import dev.paas.model.LatencyBuckets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One app's requests as its routers reported them, in {@value #BUCKET_SECONDS}-second buckets over
 * the last {@value #BUCKETS} of them (a ring: a bucket is reused once it fell out of the window),
 * plus totals since the control plane started (for {@code /q/metrics} counters). Time comes in as
 * epoch seconds; nothing here reads a clock. Thread-safe (one lock per app; posts come about once
 * a second per router).
 */
public final class RequestWindow {

    public static final int BUCKET_SECONDS = 10;
    public static final int BUCKETS = 30;
    public static final int WINDOW_SECONDS = BUCKET_SECONDS * BUCKETS;

    /** Bucket {@code start} (epoch seconds, a multiple of the bucket size) and what it counted. */
    public record Bucket(long start, long requests, long status5xx, long[] latency) {

        public Double p50Millis() {
            return LatencyBuckets.quantileMillis(latency, 0.50);
        }

        public Double p99Millis() {
            return LatencyBuckets.quantileMillis(latency, 0.99);
        }
    }

    /** Every bucket of the window, oldest first and ending with the current one, and the sums. */
    public record Snapshot(List<Bucket> buckets, long totalRequests, long total5xx) {

        public long requests() {
            return buckets.stream().mapToLong(Bucket::requests).sum();
        }

        public long status5xx() {
            return buckets.stream().mapToLong(Bucket::status5xx).sum();
        }

        /** The window's latency histogram: its buckets' added up. */
        public Bucket whole() {
            long[] l = new long[LatencyBuckets.COUNT];
            for (Bucket b : buckets) {
                for (int i = 0; i < l.length; i++) {
                    l[i] += b.latency()[i];
                }
            }
            return new Bucket(buckets.isEmpty() ? 0 : buckets.get(0).start(), requests(), status5xx(), l);
        }
    }

    private final long[] start = new long[BUCKETS];
    private final long[] requests = new long[BUCKETS];
    private final long[] status5xx = new long[BUCKETS];
    private final long[][] latency = new long[BUCKETS][LatencyBuckets.COUNT];
    private long totalRequests;
    private long total5xx;
    private long newest = Long.MIN_VALUE;

    public RequestWindow() {
        Arrays.fill(start, Long.MIN_VALUE);
    }

    /** Adds what a router counted, into the bucket of {@code epochSecond}. */
    public synchronized void add(long epochSecond, long requestCount, long errors, long[] latencyCounts) {
        long bucket = bucketStart(epochSecond);
        int slot = slot(bucket);
        if (start[slot] != bucket) {
            start[slot] = bucket;
            requests[slot] = 0;
            status5xx[slot] = 0;
            Arrays.fill(latency[slot], 0);
        }
        requests[slot] += requestCount;
        status5xx[slot] += errors;
        for (int i = 0; i < latencyCounts.length; i++) {
            latency[slot][i] += latencyCounts[i];
        }
        totalRequests += requestCount;
        total5xx += errors;
        newest = Math.max(newest, bucket);
    }

    /** The window that ends with the bucket of {@code epochSecond}. */
    public synchronized Snapshot read(long epochSecond) {
        long last = bucketStart(epochSecond);
        List<Bucket> out = new ArrayList<>(BUCKETS);
        for (int k = BUCKETS - 1; k >= 0; k--) {
            long b = last - (long) k * BUCKET_SECONDS;
            int slot = slot(b);
            out.add(start[slot] == b
                    ? new Bucket(b, requests[slot], status5xx[slot], latency[slot].clone())
                    : new Bucket(b, 0, 0, new long[LatencyBuckets.COUNT]));
        }
        return new Snapshot(out, totalRequests, total5xx);
    }

    /** Whether nothing was added within the window that ends at {@code epochSecond}. */
    public synchronized boolean quietAt(long epochSecond) {
        return newest == Long.MIN_VALUE || newest <= bucketStart(epochSecond) - WINDOW_SECONDS;
    }

    static long bucketStart(long epochSecond) {
        return Math.floorDiv(epochSecond, BUCKET_SECONDS) * BUCKET_SECONDS;
    }

    private static int slot(long bucketStart) {
        return (int) Math.floorMod(bucketStart / BUCKET_SECONDS, (long) BUCKETS);
    }
}
