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
import dev.paas.scheduler.api.ActualInstance;
import dev.paas.scheduler.api.ConvergeInput;
import dev.paas.scheduler.api.ConvergePlan;
import dev.paas.scheduler.api.DesiredApp;
import dev.paas.scheduler.api.NodeView;
import dev.paas.scheduler.api.Pending;
import dev.paas.scheduler.api.Placement;
import dev.paas.scheduler.api.StartReason;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Freshness (the leader's grace period), suspect instances on DOWN nodes, and a node that comes
 * back with its VMs alive. Default heartbeat time-out: 15 s.
 */
class SuspectTest {

    private static final NodeView DOWN_N1 = node("n1", 4096).withState(NodeState.DOWN);
    private static final NodeView N2 = node("n2", 4096);

    private static NodeView silentFor(String name, long seconds) {
        return node(name, 4096).withLastHeartbeat(Optional.of(NOW.minusSeconds(seconds)));
    }

    @ParameterizedTest(name = "last heartbeat {0} s ago, fresh since {1} s ago -> DOWN {2}")
    @CsvSource({
            // A scheduler that heard everything all along (fresh since the beginning of time).
            "16, -1, true",
            "15, -1, false",
            // A leader just elected (or just reconnected): the node gets 15 s from then.
            "60, 0, false",
            "60, 5, false",
            "60, 15, false",
            "60, 16, true",
            // A heartbeat after the leader became fresh counts as usual.
            "16, 30, true",
            "10, 30, false",
    })
    void aNodeIsJudgedFromTheLaterOfItsHeartbeatAndTheLeadersFreshness(long silentSeconds, long freshSeconds,
                                                                       boolean down) {
        Instant freshSince = freshSeconds < 0 ? Instant.MIN : NOW.minusSeconds(freshSeconds);
        ConvergeInput input = new ConvergeInput(List.of(web(1)), List.of(running("i0", "web", 0, "n1")),
                List.of(silentFor("n1", silentSeconds), N2), NOW).withFreshSince(freshSince);

        ConvergePlan plan = Fixtures.CONVERGER.converge(input);

        assertThat(plan.markDown()).isEqualTo(down ? List.of("n1") : List.of());
        assertThat(plan.start()).hasSize(down ? 1 : 0);
        assertThat(plan.stop()).isEmpty();
    }

    @Test
    void aSuspectKeepsServingWhileItsReplacementBoots() {
        ConvergePlan plan = converge(List.of(web(1)),
                List.of(running("i0", "web", 0, "n1"), instance("i1", "web", 0, "r1", 256, InstanceState.STARTING, "n2")),
                List.of(DOWN_N1, N2));

        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void aSuspectIsReleasedOnceItsReplacementRuns() {
        ConvergePlan plan = converge(List.of(web(1)),
                List.of(running("i0", "web", 0, "n1"), running("i1", "web", 0, "n2")), List.of(DOWN_N1, N2));

        assertThat(stops(plan)).containsExactly("i0:NODE_DOWN");
        assertThat(plan.start()).isEmpty();
    }

    @Test
    void withNowhereElseTheSuspectStaysAndTheReplacementIsPending() {
        ConvergePlan plan = converge(List.of(web(2)),
                List.of(running("i0", "web", 0, "n1"), running("i1", "web", 1, "n1")), List.of(DOWN_N1));

        assertThat(plan.stop()).isEmpty();
        assertThat(plan.start()).isEmpty();
        assertThat(plan.unplaceable()).extracting(Pending::index).containsExactly(0, 1);
        assertThat(plan.unplaceable()).extracting(Pending::reason).containsOnly(StartReason.NODE_DOWN);
    }

    @Test
    void suspectsAreReplacedBeyondMaxInFlightAndDuringADeploy() {
        // A new release was pushed while n1 was away: each index gets one replacement of it, all at once.
        DesiredApp v2 = DesiredApp.started("web", 3, "r2", 256);
        ConvergePlan plan = converge(List.of(v2),
                List.of(running("i0", "web", 0, "n1"), running("i1", "web", 1, "n1"), running("i2", "web", 2, "n1")),
                List.of(DOWN_N1, N2));

        assertThat(plan.stop()).isEmpty();
        assertThat(starts(plan)).containsExactly("web/0@n2", "web/1@n2", "web/2@n2");
        assertThat(plan.start()).extracting(p -> p.release().revision()).containsOnly("r2");
    }

    @Test
    void aSuspectThatWasStillBootingIsHeldToo() {
        ConvergePlan plan = converge(List.of(web(1)),
                List.of(instance("i0", "web", 0, "r1", 256, InstanceState.STARTING, "n1")), List.of(DOWN_N1, N2));

        assertThat(plan.stop()).isEmpty();
        assertThat(starts(plan)).containsExactly("web/0@n2");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"stopped app", "scaled to 0", "deleted app"})
    void suspectsAnAppNoLongerWantsAreForgottenNotAskedToStop(String change) {
        List<DesiredApp> apps = switch (change) {
            case "stopped app" -> List.of(web(1).stopped());
            case "scaled to 0" -> List.of(web(0));
            default -> List.of();
        };
        ConvergePlan plan = converge(apps, List.of(running("i0", "web", 0, "n1")), List.of(DOWN_N1, N2));

        // Nobody can ask n1: the row goes, and n1's agent stops the VM if it comes back.
        assertThat(stops(plan)).containsExactly("i0:NODE_DOWN");
    }

    /** The node is READY again (its heartbeat reported its VMs RUNNING); what happens to each index. */
    @ParameterizedTest(name = "returning {0} + replacement {1} -> stops {2}")
    @CsvSource({
            // The replacement is not healthy yet: keep the returning original, drop the replacement.
            "RUNNING, CLAIMED,   i1:DUPLICATE",
            "RUNNING, STARTING,  i1:DUPLICATE",
            "RUNNING, UNCLAIMED, i1:DUPLICATE",
            // Both healthy: one per index (the older row).
            "RUNNING, RUNNING,   i1:DUPLICATE",
            // The original died while away (reported CRASHED): the replacement takes over.
            "CRASHED, STARTING,  i0:DUPLICATE",
    })
    void aReturningNodeKeepsWhatIsHealthyAndStopsOnlyTheExtras(InstanceState original, InstanceState replacement,
                                                               String stopped) {
        ActualInstance i0 = instance("i0", "web", 0, "r1", 256, original, "n1");
        ActualInstance i1 = instance("i1", "web", 0, "r1", 256, replacement,
                replacement == InstanceState.UNCLAIMED ? null : "n2");

        ConvergePlan plan = converge(List.of(web(1)), List.of(i0, i1), List.of(node("n1", 4096), N2));

        assertThat(stops(plan)).containsExactly(stopped);
        assertThat(plan.start()).isEmpty();
    }

    @Test
    void aReturningNodeWhoseReplacementsNeverStartedLosesNothing() {
        ConvergePlan plan = converge(List.of(web(2)),
                List.of(running("i0", "web", 0, "n1"), running("i1", "web", 1, "n1")), List.of(node("n1", 4096)));

        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void aSuspectsReplacementIsPlacedAsANodeDownStart() {
        ConvergePlan plan = converge(List.of(web(1)), List.of(running("i0", "web", 0, "n1")), List.of(DOWN_N1, N2));

        assertThat(plan.start()).extracting(Placement::reason).containsExactly(StartReason.NODE_DOWN);
    }
}
