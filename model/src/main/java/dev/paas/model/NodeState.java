package dev.paas.model;

/**
 * The state of a node (one host running a node agent).
 * READY takes new instances; CORDONED keeps what it runs but takes nothing new;
 * DRAINING is being evacuated; DOWN missed its heartbeats and its instances are replaced.
 */
public enum NodeState implements Transitions<NodeState> {
    READY, CORDONED, DRAINING, DOWN;

    @Override
    public boolean allowsTransitionTo(NodeState next) {
        if (next == this) {
            return true;
        }
        return switch (this) {
            case READY -> true;
            case CORDONED -> next == READY || next == DRAINING || next == DOWN;
            case DRAINING -> next == CORDONED || next == READY || next == DOWN;
            // A node comes back from DOWN only by heartbeating again.
            case DOWN -> next == READY;
        };
    }

    /** Whether the scheduler may place new instances here. */
    public boolean schedulable() {
        return this == READY;
    }
}
