package dev.paas.scheduler.core;

import static dev.paas.scheduler.core.Fixtures.NOW;
import static dev.paas.scheduler.core.Fixtures.converge;
import static dev.paas.scheduler.core.Fixtures.instance;
import static dev.paas.scheduler.core.Fixtures.node;
import static dev.paas.scheduler.core.Fixtures.running;
import static dev.paas.scheduler.core.Fixtures.starts;
import static dev.paas.scheduler.core.Fixtures.stops;
import static dev.paas.scheduler.core.Fixtures.web;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.model.InstanceState;
import dev.paas.model.NodeState;
import dev.paas.scheduler.api.ConvergeInput;
import dev.paas.scheduler.api.ConvergePlan;
import dev.paas.scheduler.api.ConvergeSettings;
import dev.paas.scheduler.api.InstanceId;
import dev.paas.scheduler.api.Placement;
import dev.paas.scheduler.api.StartReason;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Convergence, one scenario per test: desired + actual + nodes at {@link Fixtures#NOW} → plan. */
class ConvergenceTest {

    @Test
    void newAppStartsEveryIndex() {
        ConvergePlan plan = converge(List.of(web(2)), List.of(), List.of(node("n1", 4096), node("n2", 4096)));

        assertThat(starts(plan)).containsExactly("web/0@n1", "web/1@n2");
        assertThat(plan.start()).extracting(Placement::reason).containsOnly(StartReason.MISSING);
    }

    @Test
    void steadyStateHasNothingToDo() {
        ConvergePlan plan = converge(List.of(web(2)),
                List.of(running("i0", "web", 0, "n1"), running("i1", "web", 1, "n2")),
                List.of(node("n1", 4096), node("n2", 4096)));

        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void scaleDownStopsTheHighestIndexesFirst() {
        var actual = List.of(running("i0", "web", 0, "n1"), running("i1", "web", 1, "n1"),
                running("i2", "web", 2, "n1"), running("i3", "web", 3, "n1"), running("i4", "web", 4, "n1"));

        ConvergePlan plan = converge(List.of(web(2)), actual, List.of(node("n1", 4096)));

        assertThat(stops(plan)).containsExactly("i4:SCALED_DOWN", "i3:SCALED_DOWN", "i2:SCALED_DOWN");
        assertThat(plan.start()).isEmpty();
    }

    @Test
    void scaleUpAddsTheMissingIndexesOnly() {
        ConvergePlan plan = converge(List.of(web(3)), List.of(running("i0", "web", 0, "n1")),
                List.of(node("n1", 4096), node("n2", 4096)));

        assertThat(starts(plan)).containsExactly("web/1@n2", "web/2@n1");
    }

    @Test
    void stoppedAppStopsEveryInstance() {
        var actual = List.of(running("i0", "web", 0, "n1"),
                instance("i1", "web", 1, "r1", 256, InstanceState.STARTING, "n1"));

        ConvergePlan plan = converge(List.of(web(2).stopped()), actual, List.of(node("n1", 4096)));

        assertThat(stops(plan)).containsExactly("i1:APP_STOPPED", "i0:APP_STOPPED");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = InstanceState.class, names = {"DRAINING", "STOPPING"})
    void deletedAppStopsEveryInstanceButNotThoseAlreadyOnTheirWayOut(InstanceState leaving) {
        var actual = List.of(running("i0", "web", 0, "n1"),
                instance("i1", "web", 1, "r1", 256, leaving, "n1"),
                instance("i2", "web", 2, "r1", 256, InstanceState.STOPPED, "n1"));

        ConvergePlan plan = converge(List.of(), actual, List.of(node("n1", 4096)));

        assertThat(stops(plan)).containsExactly("i0:APP_DELETED");
    }

    @Test
    void nodeSilentLongerThanTheThresholdIsMarkedDownAndItsInstancesReplaced() {
        var silent = node("n1", 4096).withLastHeartbeat(Optional.of(NOW.minusSeconds(16)));
        var justInTime = node("n3", 4096).withLastHeartbeat(Optional.of(NOW.minusSeconds(15)));

        ConvergePlan plan = converge(List.of(web(1)), List.of(running("i0", "web", 0, "n1")),
                List.of(silent, node("n2", 4096), justInTime));

        assertThat(plan.markDown()).containsExactly("n1");
        // i0 is suspect: it keeps serving until its replacement is RUNNING (SuspectTest).
        assertThat(stops(plan)).isEmpty();
        assertThat(starts(plan)).containsExactly("web/0@n2");
        assertThat(plan.start()).extracting(Placement::reason).containsExactly(StartReason.NODE_DOWN);
    }

    @Test
    void heartbeatThresholdIsAnInput() {
        var node = node("n1", 4096).withLastHeartbeat(Optional.of(NOW.minusSeconds(16)));
        var input = new ConvergeInput(List.of(web(1)), List.of(running("i0", "web", 0, "n1")), List.of(node), NOW,
                ConvergeSettings.defaults().withHeartbeatTimeout(Duration.ofSeconds(30)));

        assertThat(Fixtures.CONVERGER.converge(input).isEmpty()).isTrue();
    }

    @Test
    void instancesOfANodeAlreadyDownAreReplacedWithoutMarkingItAgain() {
        ConvergePlan plan = converge(List.of(web(1)), List.of(running("i0", "web", 0, "n1")),
                List.of(node("n1", 4096).withState(NodeState.DOWN), node("n2", 4096)));

        assertThat(plan.markDown()).isEmpty();
        assertThat(stops(plan)).isEmpty();
        assertThat(starts(plan)).containsExactly("web/0@n2");
    }

    @Test
    void instanceOnAnUnknownNodeIsSuspectAndReplaced() {
        ConvergePlan plan = converge(List.of(web(1)), List.of(running("i0", "web", 0, "gone")),
                List.of(node("n1", 4096)));

        assertThat(stops(plan)).isEmpty();
        assertThat(starts(plan)).containsExactly("web/0@n1");
    }

    @Test
    void cordonedNodeKeepsItsInstancesButGetsNoNewOnes() {
        ConvergePlan plan = converge(List.of(web(2)), List.of(running("i0", "web", 0, "n1")),
                List.of(node("n1", 4096).withState(NodeState.CORDONED), node("n2", 4096)));

        assertThat(plan.stop()).isEmpty();
        assertThat(starts(plan)).containsExactly("web/1@n2");
    }

    @Test
    void drainStartsAReplacementElsewhereFirst() {
        ConvergePlan plan = converge(List.of(web(1)), List.of(running("i0", "web", 0, "n1")),
                List.of(node("n1", 4096).withState(NodeState.DRAINING), node("n2", 4096)));

        assertThat(plan.stop()).isEmpty();
        assertThat(starts(plan)).containsExactly("web/0@n2");
        assertThat(plan.start()).extracting(Placement::reason).containsExactly(StartReason.EVACUATION);
    }

    @Test
    void drainKeepsTheOldInstanceWhileTheReplacementStarts() {
        var actual = List.of(running("i0", "web", 0, "n1"),
                instance("i1", "web", 0, "r1", 256, InstanceState.STARTING, "n2"));

        ConvergePlan plan = converge(List.of(web(1)), actual,
                List.of(node("n1", 4096).withState(NodeState.DRAINING), node("n2", 4096)));

        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void drainStopsTheOldInstanceOnceTheReplacementRuns() {
        var actual = List.of(running("i0", "web", 0, "n1"), running("i1", "web", 0, "n2"));

        ConvergePlan plan = converge(List.of(web(1)), actual,
                List.of(node("n1", 4096).withState(NodeState.DRAINING), node("n2", 4096)));

        assertThat(stops(plan)).containsExactly("i0:EVACUATED");
        assertThat(plan.start()).isEmpty();
    }

    @Test
    void drainWithoutRoomElsewhereKeepsServingAndSaysWhy() {
        ConvergePlan plan = converge(List.of(web(1)), List.of(running("i0", "web", 0, "n1")),
                List.of(node("n1", 4096).withState(NodeState.DRAINING), node("n2", 128)));

        assertThat(plan.stop()).isEmpty();
        assertThat(plan.unplaceable()).singleElement()
                .satisfies(p -> assertThat(p.message()).isEqualTo("pending: 1 node draining, 1 insufficient memory"));
    }

    @Test
    void twoRunningInstancesOfOneIndexKeepOne() {
        var actual = List.of(running("i7", "web", 0, "n1"), running("i3", "web", 0, "n2"));

        ConvergePlan plan = converge(List.of(web(1)), actual, List.of(node("n1", 4096), node("n2", 4096)));

        assertThat(stops(plan)).containsExactly("i7:DUPLICATE");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = InstanceState.class, names = {"DRAINING", "STOPPING"})
    void instancesOnTheirWayOutStillHoldTheirMemory(InstanceState leaving) {
        var actual = List.of(instance("i9", "old", 0, "x", 256, leaving, "n1"));

        ConvergePlan plan = converge(List.of(web(2)), actual, List.of(node("n1", 512)));

        assertThat(starts(plan)).containsExactly("web/0@n1");
        assertThat(plan.unplaceable()).singleElement()
                .satisfies(p -> assertThat(p.message()).isEqualTo("pending: 1 node insufficient memory"));
    }

    @Test
    void unclaimedInstanceIsPlacedKeepingItsRow() {
        var actual = List.of(instance("i5", "web", 0, "r1", 256, InstanceState.UNCLAIMED, null));

        ConvergePlan plan = converge(List.of(web(1)), actual, List.of(node("n1", 4096)));

        assertThat(plan.start()).singleElement().satisfies(p -> {
            assertThat(p.instance()).contains(InstanceId.of("i5"));
            assertThat(p.reason()).isEqualTo(StartReason.UNCLAIMED);
        });
    }

    @Test
    void appsThatAreDownGetMemoryBeforeRollingDeploys() {
        // "api" rolls to r2 and "web" lost its instance; only one 256 MB slot is free.
        var actual = List.of(instance("a0", "api", 0, "r1", 256, InstanceState.RUNNING, "n1"));
        var apps = List.of(dev.paas.scheduler.api.DesiredApp.started("api", 1, "r2", 256), web(1));

        ConvergePlan plan = converge(apps, actual, List.of(node("n1", 512)));

        assertThat(starts(plan)).containsExactly("web/0@n1");
        assertThat(plan.unplaceable()).extracting(p -> p.appId() + ":" + p.reason()).containsExactly("api:ROLLING_DEPLOY");
    }
}
