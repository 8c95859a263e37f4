package dev.paas.scheduler.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Cloud Foundry's crash back-off, counted in crashes since the last reset (the crash that just
 * happened included): crashes 1 to 3 restart at once; the 4th waits 30 s, and every further crash
 * doubles the wait up to 16 min; from the 200th crash on the instance is not restarted any more.
 * The wait runs from the crash (the CRASHED instance's {@code since}).
 */
public final class CrashBackoff {

    /** Transient failures (a dependency not up yet) usually heal within a few quick retries. */
    public static final int IMMEDIATE_RESTARTS = 3;
    public static final Duration FIRST_DELAY = Duration.ofSeconds(30);
    /** Long enough to stop burning CPU on a broken app, short enough that a fixed dependency is noticed. */
    public static final Duration MAX_DELAY = Duration.ofMinutes(16);
    /** After this many crashes the app needs a human: a restart, a push or a rollback. */
    public static final int GIVE_UP_AFTER = 200;

    private CrashBackoff() {
    }

    /** What to do with an instance that crashed for the {@code crashCount}-th time at {@code crashedAt}. */
    public sealed interface Decision {
    }

    /** Place it again in this round. */
    public record RestartNow() implements Decision {
    }

    /** Place it again at {@code at}. */
    public record RestartAt(Instant at) implements Decision {
    }

    /** Leave it CRASHED. */
    public record GiveUp() implements Decision {
    }

    public static Decision decide(int crashCount, Instant crashedAt, Instant now) {
        Objects.requireNonNull(crashedAt, "crashedAt");
        Objects.requireNonNull(now, "now");
        if (crashCount >= GIVE_UP_AFTER) {
            return new GiveUp();
        }
        Instant at = crashedAt.plus(delayAfter(crashCount));
        return now.isBefore(at) ? new RestartAt(at) : new RestartNow();
    }

    /** The wait after the {@code crashCount}-th crash: 0, 0, 0, 30 s, 60 s, 2 min, ..., 16 min, 16 min, ... */
    public static Duration delayAfter(int crashCount) {
        if (crashCount <= IMMEDIATE_RESTARTS) {
            return Duration.ZERO;
        }
        int doublings = crashCount - IMMEDIATE_RESTARTS - 1;
        // 30 s * 2^5 = 16 min: beyond five doublings the cap holds, and the shift cannot overflow.
        if (doublings >= 5) {
            return MAX_DELAY;
        }
        Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }

    /**
     * The crash count to record when a crash is reported: an instance that was healthy for at
     * least {@code resetAfter} before it crashed starts counting anew, as Cloud Foundry does.
     */
    public static int countAfterCrash(int previousCount, Duration healthyFor, Duration resetAfter) {
        return healthyFor.compareTo(resetAfter) >= 0 ? 1 : previousCount + 1;
    }
}
