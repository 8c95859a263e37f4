package dev.paas.scheduler.core;

import static dev.paas.scheduler.core.Fixtures.CONVERGER;
import static dev.paas.scheduler.core.Fixtures.NOW;
import static dev.paas.scheduler.core.Fixtures.node;
import static dev.paas.scheduler.core.Fixtures.running;
import static dev.paas.scheduler.core.Fixtures.starts;
import static dev.paas.scheduler.core.Fixtures.web;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.paas.model.InstanceState;
import dev.paas.model.NodeState;
import dev.paas.scheduler.api.ActualInstance;
import dev.paas.scheduler.api.ConvergeInput;
import dev.paas.scheduler.api.ConvergePlan;
import dev.paas.scheduler.api.ConvergeSettings;
import dev.paas.scheduler.api.DesiredApp;
import dev.paas.scheduler.api.NodeView;
import dev.paas.scheduler.api.Release;
import dev.paas.scheduler.api.Scoring;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A node holding a snapshot of the release being placed wins among nodes the other rules find
 * equal (a clone starts in about a second; a snapshot never leaves its node), and never before them.
 */
class SnapshotPlacementTest {

    /** web's release: r1 at 256 MB with the default disk. */
    private static final Release WEB = Release.of("r1", 256);

    private static NodeView holding(String name, long memoryMb, Release... releases) {
        return node(name, memoryMb).withSnapshots(Set.of(releases));
    }

    /** 512 MB of another app on {@code node}. */
    private static ActualInstance load(String id, String node) {
        return Fixtures.instance(id, "other", Integer.parseInt(id.substring(1)), "x", 512, InstanceState.RUNNING, node);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                argumentSet("two equal nodes: the one with the snapshot, not the lower name",
                        List.of(web(1)), List.of(), List.of(node("n1", 4096), holding("n2", 4096, WEB)),
                        Scoring.SPREAD, List.of("web/0@n2")),
                argumentSet("the snapshot outranks the load: a busier node that holds it still wins",
                        List.of(web(1), DesiredApp.started("other", 1, "x", 512)), List.of(load("i0", "n2")),
                        List.of(node("n1", 4096), holding("n2", 4096, WEB)),
                        Scoring.SPREAD, List.of("web/0@n2")),
                argumentSet("bin-pack prefers the snapshot too",
                        List.of(web(1), DesiredApp.started("other", 1, "x", 512)), List.of(load("i0", "n1")),
                        List.of(node("n1", 4096), holding("n2", 4096, WEB)),
                        Scoring.BINPACK, List.of("web/0@n2")),
                argumentSet("spread wins over the snapshot: a scale-out's next instance goes to a node without the app",
                        List.of(web(2)), List.of(running("i0", "web", 0, "n2")),
                        List.of(node("n1", 4096), holding("n2", 4096, WEB)),
                        Scoring.SPREAD, List.of("web/1@n1")),
                argumentSet("when spreading ties, the snapshot decides: three new instances, two nodes hold it",
                        List.of(web(3)), List.of(),
                        List.of(node("n1", 4096), holding("n2", 4096, WEB), holding("n3", 4096, WEB)),
                        Scoring.SPREAD, List.of("web/0@n2", "web/1@n3", "web/2@n1")),
                argumentSet("a snapshot of another revision does not count",
                        List.of(web(1)), List.of(), List.of(node("n1", 4096), holding("n2", 4096, Release.of("r0", 256))),
                        Scoring.SPREAD, List.of("web/0@n1")),
                argumentSet("a snapshot of another memory size does not count",
                        List.of(web(1)), List.of(), List.of(node("n1", 4096), holding("n2", 4096, Release.of("r1", 512))),
                        Scoring.SPREAD, List.of("web/0@n1")),
                argumentSet("a snapshot of another disk size does not count",
                        List.of(web(1)), List.of(), List.of(node("n1", 4096), holding("n2", 4096, Release.of("r1", 256, 64))),
                        Scoring.SPREAD, List.of("web/0@n1")),
                argumentSet("capacity wins: the snapshot's node has no room",
                        List.of(web(1), DesiredApp.started("other", 1, "x", 512)), List.of(load("i0", "n2")),
                        List.of(node("n1", 4096), holding("n2", 600, WEB)),
                        Scoring.SPREAD, List.of("web/0@n1")),
                argumentSet("a cordoned node holding it is still not placed on",
                        List.of(web(1)), List.of(),
                        List.of(node("n1", 4096), holding("n2", 4096, WEB).withState(NodeState.CORDONED)),
                        Scoring.SPREAD, List.of("web/0@n1")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void places(List<DesiredApp> apps, List<ActualInstance> actual, List<NodeView> nodes, Scoring scoring,
                List<String> expectedStarts) {
        ConvergePlan plan = CONVERGER.converge(new ConvergeInput(apps, actual, nodes, NOW,
                ConvergeSettings.defaults().withScoring(scoring)));
        assertThat(starts(plan)).containsExactlyElementsOf(expectedStarts);
        assertThat(plan.unplaceable()).isEmpty();
    }

    @Test
    void aTaskIsNotDrawnToASnapshotItWouldNeverRestore() {
        ActualInstance task = Fixtures.instance("t1", "7#task/t1", 0, "r1", 256, InstanceState.UNCLAIMED, null);
        ConvergePlan plan = CONVERGER.converge(new ConvergeInput(List.of(), List.of(),
                List.of(node("n1", 4096), holding("n2", 4096, WEB)), NOW).withTasks(List.of(task)));
        assertThat(starts(plan)).containsExactly("7#task/t1/0@n1");
    }

    @Test
    void aNodeViewWithoutSnapshotsHoldsNone() {
        assertThat(node("n1", 1024).snapshots()).isEmpty();
        assertThat(holding("n1", 1024, WEB).withState(NodeState.CORDONED).snapshots()).containsExactly(WEB);
        assertThat(new NodeView("n", "p", java.util.Map.of(), 1, dev.paas.model.Accelerator.TCG, NodeState.READY,
                java.util.Optional.empty(), null).snapshots()).isEmpty();
    }
}
