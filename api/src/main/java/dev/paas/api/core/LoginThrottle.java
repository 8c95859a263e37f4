package dev.paas.api.core;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows password guessing: after {@code maxFailures} wrong passwords within {@code window} for
 * one user name, or {@code maxFailures * 4} for one client address (one address may serve a
 * whole office), further logins for that key are refused for {@code lockout}, even with the
 * right password. A successful login clears the user name's count, not the address's.
 *
 * <p>Kept in memory, per control-plane replica: a replica behind a load balancer throttles only
 * what it sees, which still bounds guessing to a small multiple. Thread-safe; {@code now} is an
 * input, so tests drive time.
 */
public final class LoginThrottle {

    private record Failures(int count, Instant firstAt, Instant lockedUntil) {}

    private final int maxFailures;
    private final Duration window;
    private final Duration lockout;
    private final Map<String, Failures> byKey = new HashMap<>();

    public LoginThrottle(int maxFailures, Duration window, Duration lockout) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1");
        }
        this.maxFailures = maxFailures;
        this.window = window;
        this.lockout = lockout;
    }

    /** How long the caller must wait before trying again; empty when a login may be tried now. */
    public synchronized Optional<Duration> refusal(String username, String address, Instant now) {
        Duration wait = Duration.ZERO;
        for (String key : keys(username, address)) {
            Failures f = byKey.get(key);
            if (f != null && f.lockedUntil() != null && now.isBefore(f.lockedUntil())) {
                Duration left = Duration.between(now, f.lockedUntil());
                wait = left.compareTo(wait) > 0 ? left : wait;
            }
        }
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    public synchronized void failed(String username, String address, Instant now) {
        count(userKey(username), maxFailures, now);
        if (address != null) {
            count(addressKey(address), maxFailures * 4, now);
        }
        if (byKey.size() > 100_000) {
            byKey.values().removeIf(f -> isStale(f, now));
        }
    }

    public synchronized void succeeded(String username) {
        byKey.remove(userKey(username));
    }

    private void count(String key, int limit, Instant now) {
        Failures f = byKey.get(key);
        if (f == null || isStale(f, now)) {
            f = new Failures(0, now, null);
        }
        int count = f.count() + 1;
        byKey.put(key, new Failures(count, f.firstAt(), count >= limit ? now.plus(lockout) : f.lockedUntil()));
    }

    private boolean isStale(Failures f, Instant now) {
        boolean locked = f.lockedUntil() != null && now.isBefore(f.lockedUntil());
        return !locked && !now.isBefore(f.firstAt().plus(window));
    }

    private static String[] keys(String username, String address) {
        return address == null ? new String[] {userKey(username)} : new String[] {userKey(username), addressKey(address)};
    }

    private static String userKey(String username) {
        return "u:" + (username == null ? "" : username.toLowerCase(java.util.Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "a:" + address;
    }
}
