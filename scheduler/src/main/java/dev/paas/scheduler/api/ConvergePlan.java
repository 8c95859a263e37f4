package dev.paas.scheduler.api;

import java.util.List;

/**
 * What one round decided. The caller applies all of it in one transaction; applying it twice,
 * or applying the plan of the next round over it, is harmless because the next round starts from
 * what was written. Every list is sorted (app id, then index; node name for {@code markDown}), so
 * equal inputs give equal plans.
 *
 * @param start            instances to place, each on a node that has room for it after everything before it
 * @param stop             instances to stop; within an app the highest index comes first
 * @param restartLater     crashed instances waiting out their back-off
 * @param unplaceable      wanted instances that no node can take now, with the counted reasons
 * @param markDown         nodes whose heartbeat is too old: set them DOWN
 * @param resetCrashCount  RUNNING instances healthy long enough to forget their crashes
 * @param gaveUp           crashed instances that are not restarted any more
 * @param failedDeploys    rolling deploys that timed out in this round
 */
public record ConvergePlan(List<Placement> start, List<Stop> stop, List<RestartLater> restartLater,
                           List<Pending> unplaceable, List<String> markDown, List<InstanceId> resetCrashCount,
                           List<GaveUp> gaveUp, List<DeployFailure> failedDeploys) {

    public ConvergePlan {
        start = List.copyOf(start);
        stop = List.copyOf(stop);
        restartLater = List.copyOf(restartLater);
        unplaceable = List.copyOf(unplaceable);
        markDown = List.copyOf(markDown);
        resetCrashCount = List.copyOf(resetCrashCount);
        gaveUp = List.copyOf(gaveUp);
        failedDeploys = List.copyOf(failedDeploys);
    }

    /** Whether the round found nothing to do. */
    public boolean isEmpty() {
        return start.isEmpty() && stop.isEmpty() && restartLater.isEmpty() && unplaceable.isEmpty()
                && markDown.isEmpty() && resetCrashCount.isEmpty() && gaveUp.isEmpty() && failedDeploys.isEmpty();
    }
}
