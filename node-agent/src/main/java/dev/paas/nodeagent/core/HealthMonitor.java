package dev.paas.nodeagent.core;

import dev.paas.model.HealthCheckType;
import dev.paas.model.InstanceState;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The life of one instance on this node as Cloud Foundry defines it: STARTING until its health
 * check first passes (within the start-up timeout), then RUNNING with liveness checks; CRASHED on
 * an exit, a failed start, a start-up time-out or failed liveness; STOPPING then STOPPED when the
 * agent stops it on purpose. Every transition goes through {@link InstanceState#allowsTransitionTo}.
 *
 * <p>Pure and not thread-safe: the supervisor owns each monitor and passes the time in.
 */
public final class HealthMonitor {

    private final HealthCheckType type;
    private final HealthPolicy policy;
    private final Instant startedAt;
    private InstanceState state;
    private Instant since;
    private boolean healthy;
    private Optional<String> reason = Optional.empty();
    private Instant nextCheckAt;
    private int failures;
    private String lastFailure = "no check finished yet";
    /** Set while start-up checks cannot be tried because the app is not ready: what it did not do. */
    private String notReady;

    private HealthMonitor(HealthCheckType type, HealthPolicy policy, Instant startedAt, InstanceState state,
                          Instant now) {
        this.type = type == null ? HealthCheckType.PORT : type;
        this.policy = policy;
        this.startedAt = startedAt;
        this.state = state;
        this.since = now;
        this.nextCheckAt = now;
    }

    /** An instance whose VM is being prepared or booted now. */
    public static HealthMonitor starting(HealthCheckType type, HealthPolicy policy, Instant now) {
        return new HealthMonitor(type, policy, now, InstanceState.STARTING, now);
    }

    /**
     * A VM a previous agent process started: RUNNING if its start-up window has passed (it
     * would have crashed otherwise), else STARTING with the original deadline. Checked at once.
     */
    public static HealthMonitor adopted(HealthCheckType type, HealthPolicy policy, Instant startedAt, Instant now) {
        boolean inWindow = now.isBefore(startedAt.plus(policy.startupTimeout()));
        HealthMonitor m = new HealthMonitor(type, policy, startedAt,
                inWindow ? InstanceState.STARTING : InstanceState.RUNNING, now);
        m.healthy = !inWindow;
        return m;
    }

    /** A record of an instance that ended before this agent saw it run (reported CRASHED). */
    public static HealthMonitor crashed(String reason, Instant now) {
        HealthMonitor m = new HealthMonitor(HealthCheckType.PROCESS, HealthPolicy.defaults(), now,
                InstanceState.CRASHED, now);
        m.reason = Optional.of(reason);
        return m;
    }

    public HealthCheckType type() { return type; }
    public InstanceState state() { return state; }
    public Instant since() { return since; }
    public boolean healthy() { return healthy; }
    public Optional<String> reason() { return reason; }
    public Instant startedAt() { return startedAt; }

    /** Whether a check should run now (the supervisor runs at most one at a time per instance). */
    public boolean checkDue(Instant now) {
        return (state == InstanceState.STARTING || state == InstanceState.RUNNING) && !now.isBefore(nextCheckAt);
    }

    /** Applies the start-up deadline; returns true if the state changed. */
    public boolean tick(Instant now) {
        if (state == InstanceState.STARTING && !now.isBefore(startedAt.plus(policy.startupTimeout()))) {
            String within = " within " + seconds(policy.startupTimeout()) + " s";
            return crash(notReady != null ? notReady + within
                    : "health check (" + name() + ") did not pass" + within + ": " + lastFailure, now);
        }
        return false;
    }

    /**
     * A start-up check that was not tried because the app is not ready for it yet. Counts as a
     * failed try; if the start-up time runs out meanwhile, the reason is {@code what} plus
     * "within N s" (e.g. "the app did not listen on port 8080 ($PORT) within 60 s"), so it says
     * what to fix. Returns true if the state changed.
     */
    public boolean notReady(String what, Instant now) {
        if (state != InstanceState.STARTING) {
            return checked(false, what, now);
        }
        notReady = what;
        lastFailure = what;
        nextCheckAt = now.plus(policy.startupInterval());
        return tick(now);
    }

    /** A finished check; returns true if the state changed. */
    public boolean checked(boolean ok, String detail, Instant now) {
        notReady = null;
        if (state == InstanceState.STARTING) {
            nextCheckAt = now.plus(ok ? policy.livenessInterval() : policy.startupInterval());
            if (ok) {
                healthy = true;
                failures = 0;
                return move(InstanceState.RUNNING, now);
            }
            lastFailure = detail;
            return tick(now);
        }
        if (state == InstanceState.RUNNING) {
            nextCheckAt = now.plus(policy.livenessInterval());
            if (ok) {
                healthy = true;
                failures = 0;
                return false;
            }
            failures++;
            healthy = false;
            lastFailure = detail;
            if (failures >= policy.livenessFailures()) {
                return crash("liveness check (" + name() + ") failed " + failures + " times: " + detail, now);
            }
            // Retry sooner than the normal interval, so a dead app is noticed quickly.
            nextCheckAt = now.plus(policy.startupInterval());
        }
        return false;
    }

    /** The VM ended (its process is gone). A stop in progress ends as STOPPED, anything else CRASHED. */
    public boolean exited(String why, Instant now) {
        if (state == InstanceState.STOPPING) {
            reason = Optional.of(why);
            healthy = false;
            return move(InstanceState.STOPPED, now);
        }
        return crash(why, now);
    }

    /** The VM could not be started (image refused, QEMU failed). */
    public boolean startFailed(String why, Instant now) {
        return crash(why, now);
    }

    public boolean stopRequested(Instant now) {
        healthy = false;
        return move(InstanceState.STOPPING, now);
    }

    private boolean crash(String why, Instant now) {
        if (!state.allowsTransitionTo(InstanceState.CRASHED) || state == InstanceState.CRASHED) {
            return false;
        }
        healthy = false;
        reason = Optional.of(why);
        return move(InstanceState.CRASHED, now);
    }

    private boolean move(InstanceState next, Instant now) {
        if (next == state || !state.allowsTransitionTo(next)) {
            return false;
        }
        state = next;
        since = now;
        return true;
    }

    private String name() {
        return type.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String seconds(Duration d) {
        return Long.toString(d.toSeconds());
    }
}
