package dev.paas.api.scheduling;

import dev.paas.api.infra.InstanceEntity;
import dev.paas.api.infra.NodeEntity;
import dev.paas.model.InstanceState;
import dev.paas.model.NodeState;
import java.time.Instant;

/**
 * The scheduler's only way to change an instance's or a node's state: through the state's
 * transition table ({@code allowsTransitionTo}). A move the table does not allow is a bug in the
 * plan or its writer, never something to write anyway: it throws, the round's transaction rolls
 * back, and the loop logs it and tries again next round.
 */
final class StateChanges {

    private StateChanges() {
    }

    /** Moves {@code i} to {@code next}, stamping {@code stateSince} when the state changes. */
    static void move(InstanceEntity i, InstanceState next, Instant now) {
        if (!i.state.allowsTransitionTo(next)) {
            throw new IllegalStateException("instance " + i.id + ": " + i.state + " -> " + next
                    + " is not a transition of InstanceState");
        }
        if (i.state != next) {
            i.state = next;
            i.stateSince = now;
        }
    }

    /** Moves {@code n} to {@code next}; returns whether its state changed. */
    static boolean move(NodeEntity n, NodeState next) {
        if (!n.state.allowsTransitionTo(next)) {
            throw new IllegalStateException("node " + n.name + ": " + n.state + " -> " + next
                    + " is not a transition of NodeState");
        }
        boolean changed = n.state != next;
        n.state = next;
        return changed;
    }
}
