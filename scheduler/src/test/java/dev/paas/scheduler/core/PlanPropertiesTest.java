package dev.paas.scheduler.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.model.InstanceState;
import dev.paas.model.NodeState;
import dev.paas.scheduler.api.ActualInstance;
import dev.paas.scheduler.api.ConvergeInput;
import dev.paas.scheduler.api.ConvergePlan;
import dev.paas.scheduler.api.InstanceId;
import dev.paas.scheduler.api.NodeView;
import dev.paas.scheduler.api.Placement;
import dev.paas.scheduler.api.Stop;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Invariants every plan keeps, whatever the snapshot: each property runs on many random
 * {@link Worlds}, seeded so that every run checks the same ones (see {@link Tries}).
 */
class PlanPropertiesTest {

    @Test
    void neverTwoRunningInstancesOfOneIndexAfterThePlan() {
        Tries.Coverage coverage = new Tries.Coverage("neverTwoRunningInstancesOfOneIndexAfterThePlan");
        Tries.forAll("neverTwoRunningInstancesOfOneIndexAfterThePlan", 2000, Worlds::input, input -> {
            boolean duplicatesBefore = input.actual().stream()
                    .filter(i -> i.state() == InstanceState.RUNNING)
                    .collect(Collectors.groupingBy(i -> i.appId() + "/" + i.index(), Collectors.counting()))
                    .values().stream().anyMatch(count -> count > 1);
            coverage.count("two RUNNING on one index before", duplicatesBefore);
            neverTwoRunningInstancesOfOneIndexAfterThePlan(input);
        });
        coverage.atLeastPercent("two RUNNING on one index before", 10);
    }

    private static void neverTwoRunningInstancesOfOneIndexAfterThePlan(ConvergeInput input) {
        ConvergePlan plan = Fixtures.CONVERGER.converge(input);
        Set<InstanceId> stopped = stoppedIds(plan);
        Map<String, Long> running = input.actual().stream()
                .filter(i -> i.state() == InstanceState.RUNNING && !stopped.contains(i.id()))
                .collect(Collectors.groupingBy(i -> i.appId() + "/" + i.index(), Collectors.counting()));

        assertThat(running.values()).allMatch(count -> count <= 1);
    }

    /**
     * Planned to run: placements, and instances placed or running that the plan keeps. One index
     * never has two of one release (except the one leaving a DRAINING node, and a suspect one on a
     * DOWN node), nor more than two in all (the one serving and the one replacing it); a suspect
     * is kept alone and only while no instance on a live node serves its index.
     */
    @Test
    void neverTwoPlannedToRunInstancesOfOneIndexAndRelease() {
        Tries.forAll("neverTwoPlannedToRunInstancesOfOneIndexAndRelease", 2000, Worlds::input,
                PlanPropertiesTest::neverTwoPlannedToRunInstancesOfOneIndexAndRelease);
    }

    private static void neverTwoPlannedToRunInstancesOfOneIndexAndRelease(ConvergeInput input) {
        ConvergePlan plan = Fixtures.CONVERGER.converge(input);
        Set<InstanceId> stopped = stoppedIds(plan);
        Map<String, NodeState> states = effectiveStates(input, plan);

        Map<String, Integer> perRelease = new HashMap<>();
        Map<String, Integer> perIndex = new HashMap<>();
        Map<String, Integer> suspects = new HashMap<>();
        Set<String> servingOnLiveNodes = new java.util.HashSet<>();
        for (ActualInstance i : input.actual()) {
            boolean active = i.state() == InstanceState.CLAIMED || i.state() == InstanceState.STARTING
                    || i.state() == InstanceState.RUNNING;
            if (!active || stopped.contains(i.id())) {
                continue;
            }
            NodeState nodeState = states.get(i.node().orElse(""));
            boolean suspect = nodeState == null || nodeState == NodeState.DOWN;
            perIndex.merge(i.appId() + "/" + i.index(), 1, Integer::sum);
            if (suspect) {
                suspects.merge(i.appId() + "/" + i.index(), 1, Integer::sum);
            } else if (i.state() == InstanceState.RUNNING) {
                servingOnLiveNodes.add(i.appId() + "/" + i.index());
            }
            if (!suspect && nodeState != NodeState.DRAINING) {
                perRelease.merge(i.appId() + "/" + i.index() + "/" + i.release(), 1, Integer::sum);
            }
        }
        Map<String, Integer> placements = new HashMap<>();
        for (Placement p : plan.start()) {
            placements.merge(p.appId() + "/" + p.index(), 1, Integer::sum);
            perIndex.merge(p.appId() + "/" + p.index(), 1, Integer::sum);
            perRelease.merge(p.appId() + "/" + p.index() + "/" + p.release(), 1, Integer::sum);
        }

        assertThat(placements.values()).allMatch(count -> count == 1);
        assertThat(perRelease.values()).allMatch(count -> count <= 1);
        assertThat(perIndex.values()).allMatch(count -> count <= 2);
        // A suspect (on a DOWN or unknown node) is held alone, and only while nothing else serves.
        assertThat(suspects.values()).allMatch(count -> count == 1);
        assertThat(suspects.keySet()).allMatch(index -> !servingOnLiveNodes.contains(index));
    }

    @Test
    void neverMoreMemoryPlannedOnANodeThanItHas() {
        Tries.Coverage coverage = new Tries.Coverage("neverMoreMemoryPlannedOnANodeThanItHas");
        Tries.forAll("neverMoreMemoryPlannedOnANodeThanItHas", 2000, Worlds::input, input -> {
            ConvergePlan plan = Fixtures.CONVERGER.converge(input);
            coverage.count("placements", !plan.start().isEmpty());
            coverage.count("pending", !plan.unplaceable().isEmpty());
            neverMoreMemoryPlannedOnANodeThanItHas(input, plan);
        });
        coverage.atLeastPercent("placements", 15);
        coverage.atLeastPercent("pending", 10);
    }

    private static void neverMoreMemoryPlannedOnANodeThanItHas(ConvergeInput input, ConvergePlan plan) {
        Map<String, NodeState> states = effectiveStates(input, plan);

        Map<String, Long> held = new HashMap<>();
        for (ActualInstance i : input.actual()) {
            if (i.state().holdsResources() && i.node().isPresent()) {
                held.merge(i.node().get(), (long) i.release().memoryMb(), Long::sum);
            }
        }
        Map<String, Long> planned = new HashMap<>();
        plan.start().forEach(p -> planned.merge(p.node(), (long) p.release().memoryMb(), Long::sum));

        for (NodeView node : input.nodes()) {
            if (planned.containsKey(node.name())) {
                assertThat(held.getOrDefault(node.name(), 0L) + planned.get(node.name()))
                        .as("memory on %s", node.name()).isLessThanOrEqualTo(node.memoryMb());
                assertThat(states.get(node.name())).isEqualTo(NodeState.READY);
                assertThat(node.lastHeartbeat()).isPresent();
            }
        }
    }

    @Test
    void aPlanNeitherStopsWhatItStartsNorStopsTwice() {
        Tries.forAll("aPlanNeitherStopsWhatItStartsNorStopsTwice", 2000, Worlds::input,
                PlanPropertiesTest::aPlanNeitherStopsWhatItStartsNorStopsTwice);
    }

    private static void aPlanNeitherStopsWhatItStartsNorStopsTwice(ConvergeInput input) {
        ConvergePlan plan = Fixtures.CONVERGER.converge(input);

        List<InstanceId> stops = plan.stop().stream().map(Stop::instance).toList();
        assertThat(stops).doesNotHaveDuplicates();
        assertThat(plan.start()).allSatisfy(p -> assertThat(p.instance().map(stops::contains)).isNotEqualTo(
                java.util.Optional.of(true)));
        Map<InstanceId, InstanceState> states = input.actual().stream()
                .collect(Collectors.toMap(ActualInstance::id, ActualInstance::state));
        assertThat(stops).allSatisfy(id -> assertThat(states.get(id)).isNotEqualTo(InstanceState.STOPPED));
    }

    /** A snapshot and the seed its lists are shuffled with. */
    private record Shuffle(ConvergeInput input, long shuffleSeed) {
    }

    @Test
    void samePlanWhateverTheOrderOfTheSnapshot() {
        Tries.forAll("samePlanWhateverTheOrderOfTheSnapshot", 1000,
                r -> new Shuffle(Worlds.input(r), r.nextLong()),
                s -> samePlanWhateverTheOrderOfTheSnapshot(s.input(), s.shuffleSeed()));
    }

    private static void samePlanWhateverTheOrderOfTheSnapshot(ConvergeInput input, long seed) {
        Random random = new Random(seed);
        ConvergeInput shuffled = new ConvergeInput(shuffle(input.apps(), random), shuffle(input.actual(), random),
                shuffle(input.nodes(), random), input.now(), input.settings());

        assertThat(Fixtures.CONVERGER.converge(shuffled)).isEqualTo(Fixtures.CONVERGER.converge(input));
    }

    private static <T> List<T> shuffle(List<T> list, Random random) {
        List<T> copy = new ArrayList<>(list);
        Collections.shuffle(copy, random);
        return copy;
    }

    private static Set<InstanceId> stoppedIds(ConvergePlan plan) {
        return plan.stop().stream().map(Stop::instance).collect(Collectors.toSet());
    }

    private static Map<String, NodeState> effectiveStates(ConvergeInput input, ConvergePlan plan) {
        Map<String, NodeState> states = new HashMap<>();
        input.nodes().forEach(n -> states.put(n.name(), plan.markDown().contains(n.name()) ? NodeState.DOWN : n.state()));
        return states;
    }
}
