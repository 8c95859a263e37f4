package dev.paas.api.core;

import dev.paas.model.InstanceState;

/**
 * Whether a state a node reports may replace the recorded one. Heartbeats are periodic, so an
 * agent may skip a step we never saw (CLAIMED to RUNNING without STARTING); going backwards
 * (STOPPED to RUNNING, CRASHED to RUNNING) is refused: a restart is a new instance row.
 */
public final class ReportedTransition {

    private ReportedTransition() {
    }

    public static boolean accepted(InstanceState recorded, InstanceState reported) {
        if (recorded.allowsTransitionTo(reported)) {
            return true;
        }
        return recorded == InstanceState.CLAIMED && reported == InstanceState.RUNNING;
    }
}
