package dev.paas.scheduler.core;

import dev.paas.model.InstanceState;
import dev.paas.scheduler.api.ActualInstance;
import dev.paas.scheduler.api.ConvergeSettings;
import dev.paas.scheduler.api.DeployFailure;
import dev.paas.scheduler.api.DesiredApp;
import dev.paas.scheduler.api.Release;
import dev.paas.scheduler.api.StopReason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The rolling-deploy state of one app in one round, and the {@link Slot}s it implies.
 *
 * <p>A deploy is never a state of its own: it is the sum of the app's indexes. An index is
 * <em>in flight</em> while its new instance is not yet RUNNING and an old-release instance
 * keeps serving it; at most {@code maxInFlight} indexes are. Once the new instance is RUNNING
 * the old one is stopped, which frees budget for the next index.
 *
 * <p>A deploy <em>fails</em> when an in-flight instance is not RUNNING within the deploy time-out
 * of its creation: the plan reports a {@link DeployFailure} and stops every in-flight new
 * instance, and the rollout is <em>frozen</em> (from now on by {@link DesiredApp#rolloutFrozen()}):
 * each index keeps the release it has, indexes already replaced keep the new one, empty indexes
 * get the release most of the app serves. A new desired release (a fix, or a rollback to an
 * older revision) thaws it.
 */
final class Rollout {

    private final List<Slot> slots;
    private final int budget;

    private Rollout(List<Slot> slots, int budget) {
        this.slots = slots;
        this.budget = budget;
    }

    List<Slot> slots() {
        return slots;
    }

    /** How many more indexes may start rolling in this round. */
    int budget() {
        return budget;
    }

    static Rollout of(DesiredApp app, TreeMap<Integer, List<ActualInstance>> byIndex, Cluster cluster, Instant now,
                      ConvergeSettings settings, PlanBuilder plan) {
        if (app.rolloutFrozen()) {
            return new Rollout(frozenSlots(app, byIndex, cluster), 0);
        }
        List<Slot> slots = slots(app, byIndex, cluster);
        List<Slot> inFlight = slots.stream().filter(s -> s.rollingInFlight(cluster)).toList();
        Optional<Slot> overdue = inFlight.stream()
                .filter(s -> !s.target().get().createdAt().plus(settings.deployTimeout()).isAfter(now))
                .findFirst();
        if (overdue.isEmpty()) {
            return new Rollout(slots, Math.max(0, app.maxInFlight() - inFlight.size()));
        }
        plan.deployFailed(new DeployFailure(app.id(), app.release(), reason(overdue.get(), settings.deployTimeout())));
        for (Slot slot : inFlight) {
            ActualInstance unhealthy = slot.target().get();
            plan.stop(unhealthy, StopReason.DEPLOY_FAILED);
            byIndex.get(slot.index()).remove(unhealthy);
        }
        return new Rollout(frozenSlots(app, byIndex, cluster), 0);
    }

    private static List<Slot> slots(DesiredApp app, TreeMap<Integer, List<ActualInstance>> byIndex,
                                    Cluster cluster) {
        List<Slot> slots = new ArrayList<>(app.instances());
        for (int index = 0; index < app.instances(); index++) {
            slots.add(Slot.of(index, app.release(), byIndex.getOrDefault(index, List.of()), cluster));
        }
        return slots;
    }

    /** Each index wants the release its best instance runs; an empty index the one most of the app serves. */
    private static List<Slot> frozenSlots(DesiredApp app, TreeMap<Integer, List<ActualInstance>> byIndex,
                                          Cluster cluster) {
        Release serving = servingRelease(app, byIndex);
        Comparator<ActualInstance> best = Comparator.<ActualInstance, Boolean>comparing(cluster::isEvacuating)
                .thenComparingInt(i -> Slot.stateRank(i.state()))
                .thenComparing(i -> !i.release().equals(app.release()))
                .thenComparing(ActualInstance::id);
        List<Slot> slots = new ArrayList<>(app.instances());
        for (int index = 0; index < app.instances(); index++) {
            List<ActualInstance> live = byIndex.getOrDefault(index, List.of());
            Release wanted = live.stream().min(best).map(ActualInstance::release).orElse(serving);
            slots.add(Slot.of(index, wanted, live, cluster));
        }
        return slots;
    }

    /** The release most RUNNING instances other than the failed one run; ties by revision, then memory, then disk. */
    private static Release servingRelease(DesiredApp app, TreeMap<Integer, List<ActualInstance>> byIndex) {
        Map<Release, Integer> counts = new HashMap<>();
        byIndex.values().forEach(list -> list.stream()
                .filter(i -> i.state() == InstanceState.RUNNING && !i.release().equals(app.release()))
                .forEach(i -> counts.merge(i.release(), 1, Integer::sum)));
        return counts.entrySet().stream()
                .min(Map.Entry.<Release, Integer>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(e -> e.getKey().revision())
                        .thenComparingInt(e -> e.getKey().memoryMb())
                        .thenComparingInt(e -> e.getKey().diskMb()))
                .map(Map.Entry::getKey)
                .orElse(app.release());
    }

    private static String reason(Slot slot, Duration timeout) {
        ActualInstance instance = slot.target().get();
        return "instance " + slot.index() + " of " + instance.release() + " was not healthy within "
                + Durations.human(timeout) + " (" + instance.state().name().toLowerCase(java.util.Locale.ROOT)
                + ", " + instance.crashCount() + (instance.crashCount() == 1 ? " crash)" : " crashes)");
    }
}
