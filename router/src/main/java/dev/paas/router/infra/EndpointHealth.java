package dev.paas.router.infra;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Endpoints that refused a connection lately, by address, shared by every event loop and kept
 * across table versions (an instance keeps its address while it lives). A mark lasts
 * {@code badForNanos}; an expired one is forgotten on the next look. Thread-safe.
 */
final class EndpointHealth {

    private final Map<String, Long> badUntil = new ConcurrentHashMap<>();
    private final long badForNanos;
    private final LongSupplier nanoTime;

    EndpointHealth(long badForNanos, LongSupplier nanoTime) {
        this.badForNanos = badForNanos;
        this.nanoTime = nanoTime;
    }

    void markBad(String address) {
        badUntil.put(address, nanoTime.getAsLong() + badForNanos);
    }

    boolean isBad(String address) {
        if (badUntil.isEmpty()) {
            return false; // the usual case: no map lookup, no clock read
        }
        Long until = badUntil.get(address);
        if (until == null) {
            return false;
        }
        if (nanoTime.getAsLong() - until >= 0) {
            badUntil.remove(address, until);
            return false;
        }
        return true;
    }

    /** Addresses marked bad now, for /health and tests. */
    Set<String> bad() {
        badUntil.keySet().removeIf(a -> !isBad(a));
        return Set.copyOf(badUntil.keySet());
    }
}
