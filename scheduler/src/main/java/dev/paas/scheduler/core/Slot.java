package dev.paas.scheduler.core;

import dev.paas.model.InstanceState;
import dev.paas.scheduler.api.ActualInstance;
import dev.paas.scheduler.api.Release;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One index of one app in a round, seen against the release it should run:
 * <ul>
 *   <li>the <em>target</em> is the instance that should end up serving the index: the best
 *       fresh (right release) instance that is not being evacuated;</li>
 *   <li>the <em>kept</em> instance is the one RUNNING instance among the others that keeps
 *       serving until the target is RUNNING (an old release during a rolling deploy, or an
 *       instance on a DRAINING node);</li>
 *   <li>the <em>suspect</em> is the one instance on a DOWN node that is held (left running,
 *       routed and in its node's desired list) while no other instance serves the index: until
 *       a replacement is RUNNING, or its node comes back and it is an ordinary instance again;</li>
 *   <li>everything else at the index is <em>surplus</em> and is stopped now.</li>
 * </ul>
 * The target and the kept instance are never suspect.
 */
record Slot(int index, Release wanted, Optional<ActualInstance> target, Optional<ActualInstance> kept,
            Optional<ActualInstance> suspect, List<ActualInstance> surplus) {

    /** RUNNING first, then the states closest to running; crashed last. */
    static int stateRank(InstanceState state) {
        return switch (state) {
            case RUNNING -> 0;
            case STARTING -> 1;
            case CLAIMED -> 2;
            case UNCLAIMED -> 3;
            case CRASHED -> 4;
            case DRAINING, STOPPING, STOPPED -> 5;
        };
    }

    static Slot of(int index, Release wanted, List<ActualInstance> live, Cluster cluster) {
        Comparator<ActualInstance> targetOrder = Comparator.<ActualInstance>comparingInt(i -> stateRank(i.state()))
                .thenComparing(ActualInstance::id);
        Optional<ActualInstance> target = live.stream()
                .filter(i -> i.release().equals(wanted) && !cluster.isEvacuating(i) && !cluster.isSuspect(i))
                .min(targetOrder);
        // If the target already serves, nothing else needs to keep serving.
        boolean targetServes = target.map(t -> t.state() == InstanceState.RUNNING).orElse(false);
        Comparator<ActualInstance> keepOrder = Comparator.<ActualInstance, Boolean>comparing(cluster::isEvacuating)
                .thenComparing(i -> !i.release().equals(wanted))
                .thenComparing(ActualInstance::id);
        Optional<ActualInstance> kept = targetServes ? Optional.empty() : live.stream()
                .filter(i -> i.state() == InstanceState.RUNNING && !target.map(i::equals).orElse(false)
                        && !cluster.isSuspect(i))
                .min(keepOrder);
        // A suspect is held only while nothing else serves: once something does, it is released.
        Optional<ActualInstance> suspect = targetServes || kept.isPresent() ? Optional.empty() : live.stream()
                .filter(cluster::isSuspect)
                .min(targetOrder);
        List<ActualInstance> surplus = new ArrayList<>();
        for (ActualInstance instance : live) {
            if (!target.map(instance::equals).orElse(false) && !kept.map(instance::equals).orElse(false)
                    && !suspect.map(instance::equals).orElse(false)) {
                surplus.add(instance);
            }
        }
        return new Slot(index, wanted, target, kept, suspect, surplus);
    }

    /**
     * Whether a rolling deploy is replacing this index right now: its new instance is not yet
     * RUNNING while an instance of another release, on a node that stays, keeps serving.
     */
    boolean rollingInFlight(Cluster cluster) {
        return target.isPresent() && target.get().state() != InstanceState.RUNNING && kept.isPresent()
                && !kept.get().release().equals(wanted) && !cluster.isEvacuating(kept.get());
    }
}
