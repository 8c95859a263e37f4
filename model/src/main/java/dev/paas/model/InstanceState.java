package dev.paas.model;

/**
 * The actual state of one app instance, as reported by the scheduler and the node agent.
 *
 * <pre>
 * UNCLAIMED -> CLAIMED -> STARTING -> RUNNING -> DRAINING -> STOPPING -> STOPPED
 *
 * and besides: CLAIMED -> RUNNING; UNCLAIMED -> STOPPED;
 *              CLAIMED, STARTING, RUNNING, DRAINING, STOPPING -> CRASHED, STOPPED;
 *              CLAIMED, STARTING, RUNNING -> STOPPING;  CRASHED -> STOPPED
 * </pre>
 *
 * The scheduler writes two moves: UNCLAIMED -> CLAIMED (placement) and RUNNING -> DRAINING (a
 * stop that waits for the routers); node agents report the rest. CLAIMED -> RUNNING is allowed
 * because heartbeats are periodic: a VM can boot between two of them. A crashed instance is
 * never reused: its restart is a new row (scheduler/README.md, *back-off*), so CRASHED only
 * ends, in STOPPED or by deletion.
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
    /**
     * To be stopped, taken out of the route table first: the VM still runs and answers what
     * routers already sent it until every live router serves a table without it.
     */
    DRAINING,
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
            case CLAIMED -> next == STARTING || next == RUNNING || next == CRASHED || next == STOPPING || next == STOPPED;
            case STARTING -> next == RUNNING || next == CRASHED || next == STOPPING || next == STOPPED;
            case RUNNING -> next == DRAINING || next == CRASHED || next == STOPPING || next == STOPPED;
            case DRAINING -> next == STOPPING || next == STOPPED || next == CRASHED;
            case CRASHED -> next == STOPPED;
            case STOPPING -> next == STOPPED || next == CRASHED;
            case STOPPED -> false;
        };
    }

    /** Whether an instance in this state holds memory on its node. */
    public boolean holdsResources() {
        return switch (this) {
            case CLAIMED, STARTING, RUNNING, DRAINING, STOPPING -> true;
            case UNCLAIMED, CRASHED, STOPPED -> false;
        };
    }
}
