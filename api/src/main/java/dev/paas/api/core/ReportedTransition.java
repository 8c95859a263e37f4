package dev.paas.api.core;

import dev.paas.model.InstanceState;
import java.util.Optional;

/**
 * Which state a node's report of an instance leaves recorded. The move must be one of
 * {@link InstanceState}'s table, which already lets a report skip a step we never saw (CLAIMED
 * to RUNNING without STARTING) and refuses going backwards (STOPPED to RUNNING, CRASHED to
 * RUNNING: a restart is a new instance row). Two states are the scheduler's own, so no report
 * moves a row into them: UNCLAIMED, and DRAINING, which the agent does not know about: its
 * RUNNING reports of a draining instance leave it DRAINING.
 */
public final class ReportedTransition {

    private ReportedTransition() {
    }

    /** The state to record, or empty when the report is refused (the caller ignores it). */
    public static Optional<InstanceState> next(InstanceState recorded, InstanceState reported) {
        if (recorded == InstanceState.DRAINING && reported == InstanceState.RUNNING) {
            return Optional.of(recorded);
        }
        boolean schedulersOwn = reported == InstanceState.UNCLAIMED || reported == InstanceState.DRAINING;
        if (reported != recorded && (schedulersOwn || !recorded.allowsTransitionTo(reported))) {
            return Optional.empty();
        }
        return Optional.of(reported);
    }
}
