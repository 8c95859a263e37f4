package dev.paas.model;

/**
 * The actual state of one app instance, as reported by the scheduler and the node agent.
 *
 * <pre>
 * UNCLAIMED -> CLAIMED -> STARTING -> RUNNING -> STOPPING -> STOPPED
 *                 |           |          |
 *                 +-----------+----------+-----> CRASHED -> UNCLAIMED (restart)
 * </pre>
 */
public enum InstanceState implements Transitions<InstanceState> {
    /** Wanted but not yet placed on a node (possibly pending for lack of capacity). */
    UNCLAIMED,
    /** Placed on a node; the node has not started it yet. */
    CLAIMED,
    /** The VM is booting; not yet healthy. */
    STARTING,
    /** Healthy and routable. */
    RUNNING,
    /** Exited, failed to start or failed its health check. */
    CRASHED,
    /** A graceful stop is in progress. */
    STOPPING,
    /** Stopped on purpose. */
    STOPPED;

    @Override
    public boolean allowsTransitionTo(InstanceState next) {
        if (next == this) {
            return true;
        }
        return switch (this) {
            case UNCLAIMED -> next == CLAIMED || next == STOPPED;
            case CLAIMED -> next == STARTING || next == CRASHED || next == STOPPING || next == STOPPED || next == UNCLAIMED;
            case STARTING -> next == RUNNING || next == CRASHED || next == STOPPING || next == STOPPED;
            case RUNNING -> next == CRASHED || next == STOPPING || next == STOPPED;
            case CRASHED -> next == UNCLAIMED || next == STOPPED;
            case STOPPING -> next == STOPPED || next == CRASHED;
            case STOPPED -> false;
        };
    }

    /** Whether an instance in this state holds memory on its node. */
    public boolean holdsResources() {
        return switch (this) {
            case CLAIMED, STARTING, RUNNING, STOPPING -> true;
            case UNCLAIMED, CRASHED, STOPPED -> false;
        };
    }
}
