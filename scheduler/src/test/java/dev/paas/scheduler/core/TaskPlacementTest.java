package dev.paas.scheduler.core;

import static dev.paas.scheduler.core.Fixtures.CONVERGER;
import static dev.paas.scheduler.core.Fixtures.NOW;
import static dev.paas.scheduler.core.Fixtures.node;
import static dev.paas.scheduler.core.Fixtures.running;
import static dev.paas.scheduler.core.Fixtures.starts;
import static dev.paas.scheduler.core.Fixtures.web;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.model.InstanceState;
import dev.paas.scheduler.api.ActualInstance;
import dev.paas.scheduler.api.ConvergeInput;
import dev.paas.scheduler.api.ConvergePlan;
import dev.paas.scheduler.api.DesiredApp;
import dev.paas.scheduler.api.NodeView;
import dev.paas.scheduler.api.Pending;
import dev.paas.scheduler.api.Placement;
import dev.paas.scheduler.api.StartReason;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Task VMs: placed like instances, counted on their node, never part of an app's round. */
class TaskPlacementTest {

    private static ActualInstance task(String id, int memoryMb, InstanceState state, String node) {
        return Fixtures.instance(id, "7#task/" + id, 0, "r1", memoryMb, state, node);
    }

    private static ConvergePlan converge(List<DesiredApp> apps, List<ActualInstance> actual, List<NodeView> nodes,
                                         List<ActualInstance> tasks) {
        return CONVERGER.converge(new ConvergeInput(apps, actual, nodes, NOW).withTasks(tasks));
    }

    @Test
    void anUnclaimedTaskIsPlacedOnItsOwnRowOnTheLeastAllocatedNode() {
        ConvergePlan plan = converge(List.of(web(1)), List.of(running("i0", "web", 0, "n1")),
                List.of(node("n1", 1024), node("n2", 1024)), List.of(task("t1", 512, InstanceState.UNCLAIMED, null)));
        assertThat(plan.start()).hasSize(1);
        Placement p = plan.start().get(0);
        assertThat(p.node()).isEqualTo("n2");
        assertThat(p.reason()).isEqualTo(StartReason.TASK);
        assertThat(p.instance()).contains(dev.paas.scheduler.api.InstanceId.of("t1"));
        assertThat(plan.stop()).isEmpty();
    }

    @Test
    void aRunningTaskHoldsItsMemorySoAnInstanceGoesElsewhereOrWaits() {
        ConvergePlan plan = converge(List.of(web(2)), List.of(), List.of(node("n1", 768), node("n2", 256)),
                List.of(task("t1", 512, InstanceState.RUNNING, "n1")));
        assertThat(starts(plan)).containsExactly("web/0@n1", "web/1@n2");

        ConvergePlan full = converge(List.of(web(1)), List.of(), List.of(node("n1", 512)),
                List.of(task("t1", 512, InstanceState.RUNNING, "n1")));
        assertThat(full.start()).isEmpty();
        assertThat(full.unplaceable()).extracting(Pending::message).containsExactly("pending: 1 node insufficient memory");
    }

    @Test
    void aTaskThatFitsNowhereStaysPendingWithTheCountedReasons() {
        ConvergePlan plan = converge(List.of(), List.of(), List.of(node("n1", 256), node("n2", 256)),
                List.of(task("t1", 512, InstanceState.UNCLAIMED, null)));
        assertThat(plan.start()).isEmpty();
        assertThat(plan.unplaceable()).hasSize(1);
        Pending p = plan.unplaceable().get(0);
        assertThat(p.instance()).contains(dev.paas.scheduler.api.InstanceId.of("t1"));
        assertThat(p.reason()).isEqualTo(StartReason.TASK);
        assertThat(p.message()).isEqualTo("pending: 2 nodes insufficient memory");
    }

    @Test
    void anEndedTaskIsNeitherRestartedNorStopped() {
        ConvergePlan plan = converge(List.of(), List.of(), List.of(node("n1", 1024)),
                List.of(task("t1", 256, InstanceState.CRASHED, "n1"), task("t2", 256, InstanceState.STOPPING, "n1")));
        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void serviceIndexesComeBeforeTasksWhenMemoryIsShort() {
        ConvergePlan plan = converge(List.of(web(1)), List.of(), List.of(node("n1", 256)),
                List.of(task("t1", 256, InstanceState.UNCLAIMED, null)));
        assertThat(starts(plan)).containsExactly("web/0@n1");
        assertThat(plan.unplaceable()).extracting(Pending::appId).containsExactly("7#task/t1");
    }

    @Test
    void twoTasksInOneRoundNeverOverCommitANode() {
        ConvergePlan plan = converge(List.of(), List.of(), List.of(node("n1", 768)),
                List.of(task("t1", 512, InstanceState.UNCLAIMED, null), task("t2", 512, InstanceState.UNCLAIMED, null)));
        assertThat(plan.start()).hasSize(1);
        assertThat(plan.unplaceable()).hasSize(1);
        assertThat(Optional.of(plan.start().get(0).appId())).contains("7#task/t1");
    }
}
