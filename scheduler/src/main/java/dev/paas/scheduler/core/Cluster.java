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
 *
 * <p>Freshness: a heartbeat counts as overdue only against {@code freshSince}, the moment this
 * scheduler began to hear heartbeats (it became leader, or reconnected to its database). A node
 * is judged from the later of its last heartbeat and that moment, so every node has a full
 * heartbeat time-out to report to a new leader before it can be declared DOWN.
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

    static Cluster of(List<NodeView> views, List<ActualInstance> actual, Instant now, Duration heartbeatTimeout,
                      Instant freshSince) {
        List<NodeView> sorted = new ArrayList<>(views);
        sorted.sort(Comparator.comparing(NodeView::name));
        List<NodeLoad> loads = new ArrayList<>(sorted.size());
        List<String> newlyDown = new ArrayList<>();
        for (NodeView view : sorted) {
            NodeState state = view.state();
            if (state != NodeState.DOWN && heartbeatOverdue(view, now, heartbeatTimeout, freshSince)
                    && state.allowsTransitionTo(NodeState.DOWN)) {
                state = NodeState.DOWN;
                newlyDown.add(view.name());
            }
            loads.add(new NodeLoad(view, state));
        }
        Cluster cluster = new Cluster(loads, newlyDown);
        for (ActualInstance instance : actual) {
            if (instance.state().holdsResources() && !cluster.isSuspect(instance)) {
                cluster.byName.get(instance.node().orElseThrow()).allocate(instance.release().memoryMb());
            }
        }
        return cluster;
    }

    private static boolean heartbeatOverdue(NodeView view, Instant now, Duration timeout, Instant freshSince) {
        return view.lastHeartbeat()
                .map(last -> last.isBefore(freshSince) ? freshSince : last)
                .map(heard -> heard.plus(timeout).isBefore(now))
                .orElse(false);
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
     * Whether the instance is <em>suspect</em>: it holds a VM on a node that is DOWN or unknown,
     * so nobody can tell whether it still runs. It is not given up: it keeps its row (and its
     * route) until a replacement elsewhere is RUNNING, and if its node comes back first it simply
     * serves on. Crashed and unclaimed instances hold nothing and are never suspect.
     */
    boolean isSuspect(ActualInstance instance) {
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
