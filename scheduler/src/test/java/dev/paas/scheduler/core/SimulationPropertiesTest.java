package dev.paas.scheduler.core;

import static dev.paas.scheduler.core.Fixtures.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.model.InstanceState;
import dev.paas.model.NodeState;
import dev.paas.scheduler.api.ActualInstance;
import dev.paas.scheduler.api.ConvergePlan;
import dev.paas.scheduler.api.ConvergeSettings;
import dev.paas.scheduler.api.DesiredApp;
import dev.paas.scheduler.api.NodeView;
import dev.paas.scheduler.api.Release;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Many rounds against the {@link Simulator}: what users see while deploys and drains run.
 *
 * <p>The simulation is deterministic and its parameters are few, so each property runs on every
 * combination of them rather than on random picks: 134 (of 144; the others have no room for the
 * deploy), 15 and 18 combinations, within a budget of 200, 100 and 100 tries. A failure names its
 * combination.
 */
class SimulationPropertiesTest {

    private static final Release R1 = Release.of("r1", 256);
    private static final int MAX_ROUNDS = 200;

    private static List<NodeView> nodes(int count) {
        List<NodeView> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            nodes.add(node("n" + i, 2048));
        }
        return nodes;
    }

    private static Set<Integer> servedIndexes(Simulator sim) {
        return sim.running("web").stream().map(ActualInstance::index).collect(Collectors.toSet());
    }

    private static Set<Integer> allIndexes(int instances) {
        return java.util.stream.IntStream.range(0, instances).boxed().collect(Collectors.toSet());
    }

    @Test
    void rollingDeployNeverLeavesAnIndexUnservedAndFinishes() {
        int checked = 0;
        for (int instances = 1; instances <= 6; instances++) {
            for (int maxInFlight = 1; maxInFlight <= 3; maxInFlight++) {
                for (int nodeCount = 1; nodeCount <= 4; nodeCount++) {
                    for (boolean memoryChange : new boolean[] {false, true}) {
                        Release target = memoryChange ? Release.of("r1", 384) : Release.of("r2", 256);
                        // A rolling deploy needs room for maxInFlight more instances; without it the new ones stay pending.
                        if (nodeCount * 2048 < (instances + maxInFlight) * target.memoryMb()) {
                            continue;
                        }
                        int i = instances;
                        int m = maxInFlight;
                        int n = nodeCount;
                        Tries.example("rollingDeployNeverLeavesAnIndexUnservedAndFinishes",
                                "instances=%d, maxInFlight=%d, nodeCount=%d, memoryChange=%b".formatted(i, m, n,
                                        memoryChange),
                                () -> rollingDeployNeverLeavesAnIndexUnservedAndFinishes(i, m, n, target));
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).as("combinations with room for the deploy").isEqualTo(134);
    }

    private static void rollingDeployNeverLeavesAnIndexUnservedAndFinishes(int instances, int maxInFlight,
                                                                           int nodeCount, Release target) {
        Simulator sim = new Simulator(nodes(nodeCount), release -> true).running("web", instances, R1);
        DesiredApp app = DesiredApp.started("web", instances, target.revision(), target.memoryMb())
                .withMaxInFlight(maxInFlight);

        boolean converged = false;
        for (int round = 0; round < MAX_ROUNDS && !converged; round++) {
            ConvergePlan plan = sim.round(List.of(app), ConvergeSettings.defaults());
            assertThat(servedIndexes(sim)).as("served after round %d", round).isEqualTo(allIndexes(instances));
            long inFlight = sim.instances().stream()
                    .filter(i -> i.release().equals(target) && i.state() != InstanceState.RUNNING).count();
            assertThat(inFlight).isLessThanOrEqualTo(maxInFlight);
            converged = plan.isEmpty() && sim.settled();
            sim.tick();
        }

        assertThat(converged).as("converged within %d rounds", MAX_ROUNDS).isTrue();
        assertThat(sim.instances()).hasSize(instances)
                .allSatisfy(i -> assertThat(i.release()).isEqualTo(target))
                .allSatisfy(i -> assertThat(i.state()).isEqualTo(InstanceState.RUNNING));
    }

    @Test
    void brokenDeployFailsAndTheOldReleaseKeepsServing() {
        for (int instances = 1; instances <= 5; instances++) {
            for (int maxInFlight = 1; maxInFlight <= 3; maxInFlight++) {
                int i = instances;
                int m = maxInFlight;
                Tries.example("brokenDeployFailsAndTheOldReleaseKeepsServing",
                        "instances=%d, maxInFlight=%d".formatted(i, m),
                        () -> brokenDeployFailsAndTheOldReleaseKeepsServing(i, m));
            }
        }
    }

    private static void brokenDeployFailsAndTheOldReleaseKeepsServing(int instances, int maxInFlight) {
        Release broken = Release.of("r2", 256);
        Simulator sim = new Simulator(nodes(3), release -> !release.equals(broken)).running("web", instances, R1);
        DesiredApp app = DesiredApp.started("web", instances, "r2", 256).withMaxInFlight(maxInFlight);
        ConvergeSettings settings = ConvergeSettings.defaults().withDeployTimeout(Duration.ofMinutes(2));

        int rounds = 0;
        boolean failed = false;
        while (!failed && rounds++ < MAX_ROUNDS) {
            ConvergePlan plan = sim.round(List.of(app), settings);
            failed = !plan.failedDeploys().isEmpty();
            assertThat(servedIndexes(sim)).isEqualTo(allIndexes(instances));
            sim.tick();
        }
        assertThat(failed).as("the deploy failed within %d rounds", MAX_ROUNDS).isTrue();

        // The writer records the failure; later rounds leave r1 serving and do nothing else.
        DesiredApp frozen = app.withFailedRelease(broken);
        for (int i = 0; i < 5; i++) {
            assertThat(sim.round(List.of(frozen), settings).isEmpty()).isTrue();
            sim.tick();
        }
        assertThat(sim.instances()).hasSize(instances).allSatisfy(i -> assertThat(i.release()).isEqualTo(R1));
    }

    @Test
    void drainEmptiesTheNodeWithoutDowntime() {
        for (int instances = 1; instances <= 6; instances++) {
            for (int nodeCount = 2; nodeCount <= 4; nodeCount++) {
                int i = instances;
                int n = nodeCount;
                Tries.example("drainEmptiesTheNodeWithoutDowntime", "instances=%d, nodeCount=%d".formatted(i, n),
                        () -> drainEmptiesTheNodeWithoutDowntime(i, n));
            }
        }
    }

    private static void drainEmptiesTheNodeWithoutDowntime(int instances, int nodeCount) {
        List<NodeView> nodes = nodes(nodeCount);
        nodes.set(0, nodes.get(0).withState(NodeState.DRAINING));
        Simulator sim = new Simulator(nodes, release -> true);
        for (int index = 0; index < instances; index++) {
            sim.runningOn("web", index, R1, "n0");
        }
        DesiredApp app = DesiredApp.started("web", instances, "r1", 256);

        boolean converged = false;
        for (int round = 0; round < MAX_ROUNDS && !converged; round++) {
            ConvergePlan plan = sim.round(List.of(app), ConvergeSettings.defaults());
            assertThat(servedIndexes(sim)).isEqualTo(allIndexes(instances));
            converged = plan.isEmpty() && sim.settled();
            sim.tick();
        }

        assertThat(converged).as("converged within %d rounds", MAX_ROUNDS).isTrue();
        assertThat(sim.instances()).hasSize(instances)
                .allSatisfy(i -> assertThat(i.node()).isNotEqualTo(java.util.Optional.of("n0")));
    }

    @Test
    void aNodeAwayNeverLeavesAnIndexUnservedNorTwoServingOnceItIsBack() {
        int checked = 0;
        for (int instances = 1; instances <= 4; instances++) {
            for (int nodeCount = 1; nodeCount <= 3; nodeCount++) {
                for (int awayTicks : new int[] {2, 4, 5, 6, 8, 12}) {
                    for (boolean replacementsHealthy : new boolean[] {true, false}) {
                        int i = instances;
                        int n = nodeCount;
                        Tries.example("aNodeAwayNeverLeavesAnIndexUnservedNorTwoServingOnceItIsBack",
                                "instances=%d, nodeCount=%d, awayTicks=%d, replacementsHealthy=%b".formatted(i, n,
                                        awayTicks, replacementsHealthy),
                                () -> aNodeAway(i, n, awayTicks, replacementsHealthy));
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isEqualTo(144);
    }

    /**
     * Every instance runs on n0; n0's agent goes silent for {@code awayTicks} ticks of 5 s (DOWN
     * after 15 s) while its VMs live on, then comes back. Replacements boot elsewhere (when there
     * is an elsewhere) and pass or fail their health check.
     */
    private static void aNodeAway(int instances, int nodeCount, int awayTicks, boolean replacementsHealthy) {
        Simulator sim = new Simulator(nodes(nodeCount), release -> true);
        for (int index = 0; index < instances; index++) {
            sim.runningOn("web", index, R1, "n0");
        }
        List<ActualInstance> originals = sim.instances();
        DesiredApp app = DesiredApp.started("web", instances, "r1", 256);
        Simulator away = replacementsHealthy ? sim : sim.withUnhealthyOutside("n0");
        away.silence("n0");
        for (int tick = 0; tick < awayTicks; tick++) {
            away.round(List.of(app), ConvergeSettings.defaults());
            // The VMs on n0 live on, routed as suspects, until replacements run.
            assertThat(servedIndexes(away)).as("served while n0 is away, tick %d", tick).isEqualTo(allIndexes(instances));
            away.tick();
        }
        away.resume("n0");
        Set<ActualInstance> originalsLeft = away.instances().stream().filter(originals::contains)
                .collect(Collectors.toSet());

        boolean converged = false;
        for (int round = 0; round < MAX_ROUNDS && !converged; round++) {
            ConvergePlan plan = away.round(List.of(app), ConvergeSettings.defaults());
            assertThat(servedIndexes(away)).as("served after n0 is back, round %d", round).isEqualTo(allIndexes(instances));
            Map<Integer, Long> perIndex = away.running("web").stream()
                    .collect(Collectors.groupingBy(ActualInstance::index, Collectors.counting()));
            assertThat(perIndex.values()).as("RUNNING per index once n0 is back, round %d", round)
                    .allMatch(count -> count == 1);
            converged = plan.isEmpty() && away.settled();
            away.tick();
        }

        assertThat(converged).as("converged within %d rounds", MAX_ROUNDS).isTrue();
        assertThat(away.instances()).hasSize(instances)
                .allSatisfy(i -> assertThat(i.state()).isEqualTo(InstanceState.RUNNING));
        // Nothing that came back alive was stopped for having been away.
        assertThat(away.instances()).containsAll(originalsLeft.stream().map(i -> away.current(i.id())).toList());
        if (nodeCount == 1 || !replacementsHealthy || awayTicks <= 3) {
            assertThat(originalsLeft).as("no replacement ran, so every original is kept").hasSize(instances);
        }
    }
}
