package dev.paas.scheduler.core;

import static dev.paas.scheduler.core.Fixtures.NOW;
import static dev.paas.scheduler.core.Fixtures.node;
import static dev.paas.scheduler.core.Fixtures.running;
import static dev.paas.scheduler.core.Fixtures.starts;
import static dev.paas.scheduler.core.Fixtures.web;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.paas.model.Accelerator;
import dev.paas.model.InstanceState;
import dev.paas.model.NodeState;
import dev.paas.scheduler.api.ActualInstance;
import dev.paas.scheduler.api.ConvergeInput;
import dev.paas.scheduler.api.ConvergePlan;
import dev.paas.scheduler.api.ConvergeSettings;
import dev.paas.scheduler.api.Constraints;
import dev.paas.scheduler.api.DesiredApp;
import dev.paas.scheduler.api.NodeView;
import dev.paas.scheduler.api.Pending;
import dev.paas.scheduler.api.Scoring;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Placement, one named row per rule: which node each new instance lands on, or why none. */
class PlacementTest {

    /** 512 MB of another app's memory, to make a node look busy; "i3" is that app's index 3. */
    private static ActualInstance load(String id, String node) {
        return Fixtures.instance(id, "other", Integer.parseInt(id.substring(1)), "x", 512,
                InstanceState.RUNNING, node);
    }

    private static DesiredApp other(int instances) {
        return DesiredApp.started("other", instances, "x", 512);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                argumentSet("spread: three instances on three equal nodes, one each",
                        List.of(web(3)), List.of(), List.of(node("n1", 4096), node("n2", 4096), node("n3", 4096)),
                        Scoring.SPREAD, List.of("web/0@n1", "web/1@n2", "web/2@n3"), List.of()),
                argumentSet("spread: a node already holding the app comes last",
                        List.of(web(3)), List.of(running("i0", "web", 0, "n1")),
                        List.of(node("n1", 4096), node("n2", 4096), node("n3", 4096)),
                        Scoring.SPREAD, List.of("web/1@n2", "web/2@n3"), List.of()),
                argumentSet("spread: then least allocated memory wins",
                        List.of(web(1), other(1)), List.of(load("i0", "n1")),
                        List.of(node("n1", 4096), node("n2", 4096)),
                        Scoring.SPREAD, List.of("web/0@n2"), List.of()),
                argumentSet("least allocated is a fraction: 2 GB of 8 GB beats 0.5 GB of 1 GB",
                        List.of(web(1), other(5)),
                        List.of(load("i0", "big"), load("i1", "big"), load("i2", "big"), load("i3", "big"),
                                load("i4", "small")),
                        List.of(node("big", 8192), node("small", 1024)),
                        Scoring.SPREAD, List.of("web/0@big"), List.of()),
                argumentSet("bin-pack: the fuller node wins",
                        List.of(web(1), other(1)), List.of(load("i0", "n1")),
                        List.of(node("n1", 4096), node("n2", 4096)),
                        Scoring.BINPACK, List.of("web/0@n1"), List.of()),
                argumentSet("bin-pack still spreads one app across nodes first",
                        List.of(web(2), other(1)), List.of(load("i0", "n1")),
                        List.of(node("n1", 4096), node("n2", 4096)),
                        Scoring.BINPACK, List.of("web/0@n1", "web/1@n2"), List.of()),
                argumentSet("bin-pack skips a node the instance no longer fits on",
                        List.of(web(1), other(1)), List.of(load("i0", "n1")),
                        List.of(node("n1", 700), node("n2", 4096)),
                        Scoring.BINPACK, List.of("web/0@n2"), List.of()),
                argumentSet("ties go to the lowest node name, whatever the input order",
                        List.of(web(1)), List.of(), List.of(node("c", 4096), node("a", 4096), node("b", 4096)),
                        Scoring.SPREAD, List.of("web/0@a"), List.of()),
                argumentSet("memory planned earlier in the round counts: 4 of 5 fit on 1 GB",
                        List.of(web(5)), List.of(), List.of(node("n1", 1024)),
                        Scoring.SPREAD, List.of("web/0@n1", "web/1@n1", "web/2@n1", "web/3@n1"),
                        List.of("web/4 pending: 1 node insufficient memory")),
                argumentSet("insufficient memory, counted with the other reasons",
                        List.of(web(1), other(3)),
                        List.of(load("i0", "n1"), load("i1", "n2"), load("i2", "n3")),
                        List.of(node("n1", 600), node("n2", 600), node("n3", 600),
                                node("n4", 4096).withState(NodeState.CORDONED)),
                        Scoring.SPREAD, List.of(), List.of("web/0 pending: 3 nodes insufficient memory, 1 cordoned")),
                argumentSet("every filter names its reason",
                        List.of(web(1).withConstraints(Constraints.none().inPool("gpu").withLabel("zone", "a")
                                .requiring(Accelerator.KVM))),
                        List.of(),
                        List.of(node("down", 4096).withState(NodeState.DOWN),
                                node("new", 4096).withLastHeartbeat(Optional.empty()).withPool("gpu"),
                                node("cordoned", 4096).withState(NodeState.CORDONED).withPool("gpu"),
                                node("draining", 4096).withState(NodeState.DRAINING).withPool("gpu"),
                                node("pool", 4096),
                                node("labels", 4096).withPool("gpu").withLabels(Map.of("zone", "b")),
                                node("tcg", 4096).withPool("gpu").withLabels(Map.of("zone", "a"))
                                        .withAccelerator(Accelerator.TCG),
                                node("small", 128).withPool("gpu").withLabels(Map.of("zone", "a"))),
                        Scoring.SPREAD, List.of(),
                        List.of("web/0 pending: 1 node accelerator mismatch, 1 cordoned, 1 down, 1 draining, "
                                + "1 insufficient memory, 1 labels mismatch, 1 not ready, 1 pool mismatch")),
                argumentSet("constraints that a node meets place there",
                        List.of(web(1).withConstraints(Constraints.none().inPool("gpu").withLabel("zone", "a")
                                .requiring(Accelerator.KVM))),
                        List.of(),
                        List.of(node("a", 4096), node("b", 4096).withPool("gpu").withLabels(Map.of("zone", "a"))),
                        Scoring.SPREAD, List.of("web/0@b"), List.of()),
                argumentSet("a process type (an app id of its own) has its own indexes from 0; web's memory counts on n1",
                        List.of(DesiredApp.started("12", 1, "r1", 256), DesiredApp.started("12/worker", 2, "r1", 128)),
                        List.of(running("i0", "12", 0, "n1")),
                        List.of(node("n1", 4096), node("n2", 4096)),
                        Scoring.SPREAD, List.of("12/worker/0@n2", "12/worker/1@n1"), List.of()),
                argumentSet("a worker's memory counts on its node: web no longer fits beside it",
                        List.of(DesiredApp.started("12", 1, "r1", 256), DesiredApp.started("12/worker", 1, "r1", 512)),
                        List.of(Fixtures.instance("i0", "12/worker", 0, "r1", 512, InstanceState.RUNNING, "n1")),
                        List.of(node("n1", 700)),
                        Scoring.SPREAD, List.of(), List.of("12/0 pending: 1 node insufficient memory")),
                argumentSet("an empty cluster says so",
                        List.of(web(1)), List.of(), List.of(),
                        Scoring.SPREAD, List.of(), List.of("web/0 pending: no nodes")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void places(List<DesiredApp> apps, List<ActualInstance> actual, List<NodeView> nodes, Scoring scoring,
                List<String> expectedStarts, List<String> expectedPending) {
        ConvergePlan plan = Fixtures.CONVERGER.converge(new ConvergeInput(apps, actual, nodes, NOW,
                ConvergeSettings.defaults().withScoring(scoring)));

        assertThat(starts(plan)).containsExactlyElementsOf(expectedStarts);
        assertThat(plan.unplaceable()).map(PlacementTest::describe).containsExactlyElementsOf(expectedPending);
    }

    private static String describe(Pending pending) {
        return pending.appId() + "/" + pending.index() + " " + pending.message();
    }
}
