package dev.paas.scheduler.core;

import dev.paas.model.AppState;
import dev.paas.model.InstanceState;
import dev.paas.scheduler.api.ActualInstance;
import dev.paas.scheduler.api.ConvergeSettings;
import dev.paas.scheduler.api.DesiredApp;
import dev.paas.scheduler.api.GaveUp;
import dev.paas.scheduler.api.Release;
import dev.paas.scheduler.api.RestartLater;
import dev.paas.scheduler.api.StartReason;
import dev.paas.scheduler.api.StopReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Converges one app in one round: stops everything of a stopped or deleted app, scales down
 * from the highest index, then walks indexes {@code 0..instances-1} as {@link Slot}s: restarts
 * crashed instances after their back-off, starts missing ones, replaces suspect ones (on DOWN
 * nodes) elsewhere while they keep serving, evacuates DRAINING nodes and rolls deploys forward
 * (see {@link Rollout}). Start requests are only collected here; placement happens for all apps
 * at once afterwards.
 *
 * <p>A suspect instance is only ever stopped with {@link StopReason#NODE_DOWN}: nobody can ask
 * its node, so the writer forgets the row, and the node's agent stops the VM if it comes back
 * (it is no longer in the node's desired list).
 */
final class AppRound {

    private final String appId;
    private final Optional<DesiredApp> desired;
    private final List<ActualInstance> instances;
    private final Cluster cluster;
    private final Instant now;
    private final ConvergeSettings settings;

    AppRound(String appId, Optional<DesiredApp> desired, List<ActualInstance> instances, Cluster cluster,
             Instant now, ConvergeSettings settings) {
        this.appId = appId;
        this.desired = desired;
        this.instances = instances.stream()
                .sorted(Comparator.comparingInt(ActualInstance::index).thenComparing(ActualInstance::id))
                .toList();
        this.cluster = cluster;
        this.now = now;
        this.settings = settings;
    }

    void plan(PlanBuilder plan, List<StartRequest> starts) {
        List<ActualInstance> live = new ArrayList<>();
        Set<Integer> lostIndexes = new HashSet<>();
        for (ActualInstance instance : instances) {
            if (instance.state() == InstanceState.STOPPED) {
                continue;
            }
            if (instance.state() == InstanceState.STOPPING || instance.state() == InstanceState.DRAINING) {
                if (cluster.isSuspect(instance)) {
                    // On its way out already, and its node cannot be asked: forget it.
                    plan.stop(instance, StopReason.NODE_DOWN);
                    lostIndexes.add(instance.index());
                }
            } else {
                live.add(instance);
            }
        }
        if (desired.isEmpty() || desired.get().state() == AppState.STOPPED) {
            StopReason reason = desired.isEmpty() ? StopReason.APP_DELETED : StopReason.APP_STOPPED;
            live.forEach(instance -> stop(plan, instance, reason));
            return;
        }
        DesiredApp app = desired.get();
        resetCrashCounts(live, plan);
        TreeMap<Integer, List<ActualInstance>> byIndex = new TreeMap<>();
        for (ActualInstance instance : live) {
            if (instance.index() < 0 || instance.index() >= app.instances()) {
                stop(plan, instance, StopReason.SCALED_DOWN);
            } else {
                byIndex.computeIfAbsent(instance.index(), i -> new ArrayList<>()).add(instance);
            }
        }
        Rollout rollout = Rollout.of(app, byIndex, cluster, now, settings, plan);
        int budget = rollout.budget();
        for (Slot slot : rollout.slots()) {
            budget = planSlot(app, slot, lostIndexes.contains(slot.index()), budget, plan, starts);
        }
    }

    /** Five healthy minutes forgive earlier crashes (Cloud Foundry). */
    private void resetCrashCounts(List<ActualInstance> live, PlanBuilder plan) {
        for (ActualInstance instance : live) {
            if (instance.state() == InstanceState.RUNNING && instance.crashCount() > 0
                    && !instance.since().plus(settings.crashResetAfter()).isAfter(now)) {
                plan.resetCrashCount(instance.id());
            }
        }
    }

    /** Returns the rolling-deploy budget left for the next indexes. */
    private int planSlot(DesiredApp app, Slot slot, boolean lost, int budget, PlanBuilder plan,
                         List<StartRequest> starts) {
        for (ActualInstance surplus : slot.surplus()) {
            stop(plan, surplus, surplusReason(surplus, slot));
        }
        if (slot.target().isPresent()) {
            planTarget(app, slot.target().get(), plan, starts);
            return budget;
        }
        if (slot.kept().isEmpty()) {
            // Nothing serves, or only a suspect: a replacement, not limited by max-in-flight.
            boolean replacing = lost || slot.suspect().isPresent();
            starts.add(request(app, slot.index(), slot.wanted(), replacing ? StartReason.NODE_DOWN : StartReason.MISSING));
        } else if (cluster.isEvacuating(slot.kept().get())) {
            // Evacuations are not throttled by max-in-flight: the operator asked for the node to empty.
            starts.add(request(app, slot.index(), slot.wanted(), StartReason.EVACUATION));
        } else if (budget > 0) {
            starts.add(request(app, slot.index(), slot.wanted(), StartReason.ROLLING_DEPLOY));
            return budget - 1;
        }
        return budget;
    }

    private void planTarget(DesiredApp app, ActualInstance target, PlanBuilder plan, List<StartRequest> starts) {
        switch (target.state()) {
            case UNCLAIMED -> starts.add(new StartRequest(appId, target.index(), target.release(), app.constraints(),
                    Optional.of(target.id()), StartReason.UNCLAIMED));
            case CRASHED -> {
                CrashBackoff.Decision decision = CrashBackoff.decide(target.crashCount(), target.since(), now);
                if (decision instanceof CrashBackoff.RestartNow) {
                    starts.add(new StartRequest(appId, target.index(), target.release(), app.constraints(),
                            Optional.of(target.id()), StartReason.CRASH_RESTART));
                } else if (decision instanceof CrashBackoff.RestartAt later) {
                    plan.restartLater(new RestartLater(target.id(), appId, target.index(), target.crashCount(),
                            later.at()));
                } else {
                    plan.gaveUp(new GaveUp(target.id(), appId, target.index(), target.crashCount()));
                }
            }
            case CLAIMED, STARTING, RUNNING, DRAINING, STOPPING, STOPPED -> {
                // Placed and on its way (or serving): nothing to do until it reports.
            }
        }
    }

    /** Stops an instance; one on a DOWN node always as {@link StopReason#NODE_DOWN} (see the class). */
    private void stop(PlanBuilder plan, ActualInstance instance, StopReason reason) {
        plan.stop(instance, cluster.isSuspect(instance) ? StopReason.NODE_DOWN : reason);
    }

    private StopReason surplusReason(ActualInstance surplus, Slot slot) {
        boolean targetServes = slot.target().map(t -> t.state() == InstanceState.RUNNING).orElse(false);
        if (surplus.state() == InstanceState.RUNNING && !targetServes) {
            return StopReason.DUPLICATE;
        }
        if (!surplus.release().equals(slot.wanted())) {
            return StopReason.REPLACED;
        }
        return cluster.isEvacuating(surplus) ? StopReason.EVACUATED : StopReason.DUPLICATE;
    }

    private StartRequest request(DesiredApp app, int index, Release release, StartReason reason) {
        return new StartRequest(appId, index, release, app.constraints(), Optional.empty(), reason);
    }
}
