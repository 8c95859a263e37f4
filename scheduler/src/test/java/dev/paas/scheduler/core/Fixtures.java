package dev.paas.scheduler.core;

import dev.paas.model.InstanceState;
import dev.paas.scheduler.api.ActualInstance;
import dev.paas.scheduler.api.ConvergeInput;
import dev.paas.scheduler.api.ConvergePlan;
import dev.paas.scheduler.api.Converger;
import dev.paas.scheduler.api.DesiredApp;
import dev.paas.scheduler.api.InstanceId;
import dev.paas.scheduler.api.NodeView;
import dev.paas.scheduler.api.Placement;
import dev.paas.scheduler.api.Release;
import dev.paas.scheduler.api.Stop;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Small builders so that each test reads as its scenario. */
final class Fixtures {

    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    static final Converger CONVERGER = Converger.standard();

    private Fixtures() {
    }

    static NodeView node(String name, long memoryMb) {
        return NodeView.ready(name, memoryMb, NOW.minusSeconds(1));
    }

    static ActualInstance instance(String id, String app, int index, String revision, int memoryMb,
                                   InstanceState state, String node) {
        Instant created = NOW.minusSeconds(60);
        return new ActualInstance(InstanceId.of(id), app, index, Release.of(revision, memoryMb), state,
                Optional.ofNullable(node), created, created, 0, Optional.of("10.0.0.1:" + (8000 + index)));
    }

    static ActualInstance running(String id, String app, int index, String node) {
        return instance(id, app, index, "r1", 256, InstanceState.RUNNING, node);
    }

    static ActualInstance crashed(String id, String app, int index, int crashCount, Instant crashedAt) {
        return instance(id, app, index, "r1", 256, InstanceState.CRASHED, "n1")
                .withCrashCount(crashCount).withState(InstanceState.CRASHED, crashedAt);
    }

    /** A started app "web" of revision r1 at 256 MB. */
    static DesiredApp web(int instances) {
        return DesiredApp.started("web", instances, "r1", 256);
    }

    static ConvergePlan converge(List<DesiredApp> apps, List<ActualInstance> actual, List<NodeView> nodes) {
        return CONVERGER.converge(new ConvergeInput(apps, actual, nodes, NOW));
    }

    /** "web/0@n1" for each placement, in plan order. */
    static List<String> starts(ConvergePlan plan) {
        return plan.start().stream().map(p -> p.appId() + "/" + p.index() + "@" + p.node()).toList();
    }

    /** "i7:REPLACED" for each stop, in plan order. */
    static List<String> stops(ConvergePlan plan) {
        return plan.stop().stream().map(s -> s.instance().value() + ":" + s.reason()).toList();
    }

    static List<String> stopIds(ConvergePlan plan) {
        return plan.stop().stream().map(Stop::instance).map(InstanceId::value).toList();
    }

    static List<String> nodesOf(ConvergePlan plan) {
        return plan.start().stream().map(Placement::node).toList();
    }
}
