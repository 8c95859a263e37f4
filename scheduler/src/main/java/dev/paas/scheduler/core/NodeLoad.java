package dev.paas.scheduler.core;

import dev.paas.model.NodeState;
import dev.paas.scheduler.api.NodeView;
import dev.paas.scheduler.api.Release;

/**
 * A node during one round: its view, its effective state (DOWN once its heartbeat is too old)
 * and the memory held on it, including what this round already planned. Mutable, and owned by
 * one round: never shared.
 */
final class NodeLoad {

    private final NodeView view;
    private final NodeState state;
    private long allocatedMb;

    NodeLoad(NodeView view, NodeState effectiveState) {
        this.view = view;
        this.state = effectiveState;
    }

    NodeView view() {
        return view;
    }

    String name() {
        return view.name();
    }

    NodeState state() {
        return state;
    }

    long capacityMb() {
        return view.memoryMb();
    }

    long allocatedMb() {
        return allocatedMb;
    }

    /** Whether an instance of {@code release} could start here from a snapshot. */
    boolean holdsSnapshot(Release release) {
        return !view.snapshots().isEmpty() && view.snapshots().contains(release);
    }

    boolean fits(long memoryMb) {
        return allocatedMb + memoryMb <= view.memoryMb();
    }

    void allocate(long memoryMb) {
        allocatedMb += memoryMb;
    }
}
