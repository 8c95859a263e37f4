package dev.paas.router.core;

import dev.paas.model.LatencyBuckets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One app's requests through this router since it started: how many finished, by status class,
 * and a latency histogram ({@link LatencyBuckets}). Counting is a few atomic increments on the
 * event loop that finished the request (no lock, no allocation); {@link #totals} may run on any
 * thread at the same time and sees each request either wholly or, for an instant, with its status
 * counted and its latency not yet (the next read has it).
 */
public final class RequestCounters {

    /** Index = status / 100 (1..5); 0 for anything else. */
    private final AtomicLongArray byClass = new AtomicLongArray(6);
    private final AtomicLongArray latency = new AtomicLongArray(LatencyBuckets.COUNT);

    /**
     * Counts one finished request: {@code status} as logged (499 when the client left), and its
     * duration; {@code timed} false leaves the latency out (a WebSocket session's length is not a
     * response time).
     */
    public void record(int status, long micros, boolean timed) {
        int c = status / 100;
        byClass.incrementAndGet(c >= 1 && c <= 5 ? c : 0);
        if (timed) {
            latency.incrementAndGet(LatencyBuckets.index(micros));
        }
    }

    /** The counts so far. */
    public Totals totals() {
        // Latency first: a request is counted by status before it is timed, so the snapshot never
        // times more requests than it counts.
        long[] l = new long[LatencyBuckets.COUNT];
        for (int i = 0; i < l.length; i++) {
            l[i] = latency.get(i);
        }
        long[] classes = new long[6];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = byClass.get(i);
        }
        return new Totals(Arrays.stream(classes).sum(), classes[4], classes[5], l);
    }

    /** Counts at one moment (or, from {@link #minus}, between two). Immutable by convention. */
    public record Totals(long requests, long status4xx, long status5xx, long[] latency) {

        public static final Totals ZERO = new Totals(0, 0, 0, new long[LatencyBuckets.COUNT]);

        /** What was counted after {@code earlier}. */
        public Totals minus(Totals earlier) {
            long[] l = new long[latency.length];
            for (int i = 0; i < l.length; i++) {
                l[i] = latency[i] - earlier.latency[i];
            }
            return new Totals(requests - earlier.requests, status4xx - earlier.status4xx, status5xx - earlier.status5xx, l);
        }

        /** Whether any request was counted (a delta without requests need not be sent). */
        public boolean any() {
            return requests != 0 || Arrays.stream(latency).anyMatch(c -> c != 0);
        }
    }
}
