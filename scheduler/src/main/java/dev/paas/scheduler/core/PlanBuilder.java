package dev.paas.scheduler.core;

import dev.paas.scheduler.api.ActualInstance;
import dev.paas.scheduler.api.ConvergePlan;
import dev.paas.scheduler.api.DeployFailure;
import dev.paas.scheduler.api.GaveUp;
import dev.paas.scheduler.api.InstanceId;
import dev.paas.scheduler.api.Pending;
import dev.paas.scheduler.api.Placement;
import dev.paas.scheduler.api.RestartLater;
import dev.paas.scheduler.api.Stop;
import dev.paas.scheduler.api.StopReason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Collects one round's decisions and sorts them into a {@link ConvergePlan}. Owned by one round. */
final class PlanBuilder {

    private final List<Placement> start = new ArrayList<>();
    private final List<Stop> stop = new ArrayList<>();
    private final Set<InstanceId> stopped = new HashSet<>();
    private final List<RestartLater> restartLater = new ArrayList<>();
    private final List<Pending> unplaceable = new ArrayList<>();
    private final List<String> markDown = new ArrayList<>();
    private final List<InstanceId> resetCrashCount = new ArrayList<>();
    private final List<GaveUp> gaveUp = new ArrayList<>();
    private final List<DeployFailure> failedDeploys = new ArrayList<>();

    /** Stops an instance once; a second stop of the same instance in a round is ignored. */
    void stop(ActualInstance instance, StopReason reason) {
        if (stopped.add(instance.id())) {
            stop.add(new Stop(instance.id(), instance.appId(), instance.index(), instance.node(), reason));
        }
    }

    void start(Placement placement) {
        start.add(placement);
    }

    void restartLater(RestartLater later) {
        restartLater.add(later);
    }

    void pending(Pending pending) {
        unplaceable.add(pending);
    }

    void markDown(List<String> nodes) {
        markDown.addAll(nodes);
    }

    void resetCrashCount(InstanceId instance) {
        resetCrashCount.add(instance);
    }

    void gaveUp(GaveUp instance) {
        gaveUp.add(instance);
    }

    void deployFailed(DeployFailure failure) {
        failedDeploys.add(failure);
    }

    ConvergePlan build() {
        start.sort(Comparator.comparing(Placement::appId).thenComparingInt(Placement::index));
        // Highest index first: scale-down takes the newest indexes away, as Cloud Foundry does.
        stop.sort(Comparator.comparing(Stop::appId)
                .thenComparing(Comparator.comparingInt(Stop::index).reversed())
                .thenComparing(Stop::instance));
        restartLater.sort(Comparator.comparing(RestartLater::appId).thenComparingInt(RestartLater::index)
                .thenComparing(RestartLater::instance));
        unplaceable.sort(Comparator.comparing(Pending::appId).thenComparingInt(Pending::index));
        markDown.sort(Comparator.naturalOrder());
        resetCrashCount.sort(Comparator.naturalOrder());
        gaveUp.sort(Comparator.comparing(GaveUp::appId).thenComparingInt(GaveUp::index)
                .thenComparing(GaveUp::instance));
        failedDeploys.sort(Comparator.comparing(DeployFailure::appId));
        return new ConvergePlan(start, stop, restartLater, unplaceable, markDown, resetCrashCount, gaveUp,
                failedDeploys);
    }
}
