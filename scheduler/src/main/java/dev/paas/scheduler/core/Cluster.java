package dev.paas.scheduler.core;

import dev.paas.model.NodeState;
import dev.paas.scheduler.api.ActualInstance;
import dev.paas.scheduler.api.NodeView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The nodes of one round, sorted by name: which are DOWN (already, or now for a heartbeat that
 * is too old), which are DRAINING, and how much memory the instances on them hold.
 */
final class Cluster {

    private final List<NodeLoad> nodes;
    private final Map<String, NodeLoad> byName;
    private final List<String> newlyDown;

    private Cluster(List<NodeLoad> nodes, List<String> newlyDown) {
        this.nodes = List.copyOf(nodes);
        this.newlyDown = List.copyOf(newlyDown);
        this.byName = new HashMap<>();
        for (NodeLoad node : nodes) {
            byName.put(node.name(), node);
        }
    }

    static Cluster of(List<NodeView> views, List<ActualInstance> actual, Instant now, Duration heartbeatTimeout) {
        List<NodeView> sorted = new ArrayList<>(views);
        sorted.sort(Comparator.comparing(NodeView::name));
        List<NodeLoad> loads = new ArrayList<>(sorted.size());
        List<String> newlyDown = new ArrayList<>();
        for (NodeView view : sorted) {
            NodeState state = view.state();
            if (state != NodeState.DOWN && heartbeatOverdue(view, now, heartbeatTimeout)) {
                state = NodeState.DOWN;
                newlyDown.add(view.name());
            }
            loads.add(new NodeLoad(view, state));
        }
        Cluster cluster = new Cluster(loads, newlyDown);
        for (ActualInstance instance : actual) {
            if (instance.state().holdsResources() && !cluster.isLost(instance)) {
                cluster.byName.get(instance.node().orElseThrow()).allocate(instance.release().memoryMb());
            }
        }
        return cluster;
    }

    private static boolean heartbeatOverdue(NodeView view, Instant now, Duration timeout) {
        return view.lastHeartbeat().map(last -> last.plus(timeout).isBefore(now)).orElse(false);
    }

    List<NodeLoad> nodes() {
        return nodes;
    }

    /** Nodes this round found silent for too long, by name: the plan marks them DOWN. */
    List<String> newlyDown() {
        return newlyDown;
    }

    Optional<NodeLoad> node(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * Whether the instance holds a VM on a node that is DOWN or unknown: that VM is gone for
     * the scheduler. Crashed and unclaimed instances hold nothing and are never lost.
     */
    boolean isLost(ActualInstance instance) {
        if (!instance.state().holdsResources()) {
            return false;
        }
        NodeLoad node = instance.node().map(byName::get).orElse(null);
        return node == null || node.state() == NodeState.DOWN;
    }

    /** Whether the instance holds a VM on a DRAINING node, so it must be evacuated. */
    boolean isEvacuating(ActualInstance instance) {
        if (!instance.state().holdsResources()) {
            return false;
        }
        return instance.node().map(byName::get).map(n -> n.state() == NodeState.DRAINING).orElse(false);
    }
}
