package dev.paas.scheduler.api;

import dev.paas.model.Accelerator;
import dev.paas.model.NodeState;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One node as the scheduler sees it in a snapshot. What is allocated on it is not taken from
 * here but summed from the instances that hold memory on it, so the two can never disagree.
 *
 * @param name          unique node name; placement ties are broken by it
 * @param pool          the node pool it joined
 * @param labels        the pool's labels merged with the node's own
 * @param memoryMb      memory the node offers to guests
 * @param accelerator   KVM or TCG, as the agent's probe boot found
 * @param state         the state operators and the scheduler set
 * @param lastHeartbeat the last heartbeat; empty while the agent has registered but not yet reported
 * @param snapshots     the releases the node holds a snapshot of (revision, memory and disk as
 *                      taken; only ones its accelerator can restore): an instance of one of them
 *                      placed here starts as a clone instead of booting. Snapshots never leave
 *                      their node, so placement prefers these nodes (scheduler/README.md)
 */
public record NodeView(String name, String pool, Map<String, String> labels, long memoryMb,
                       Accelerator accelerator, NodeState state, Optional<Instant> lastHeartbeat,
                       Set<Release> snapshots) {

    public NodeView {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(accelerator, "accelerator");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastHeartbeat, "lastHeartbeat");
        labels = Map.copyOf(labels);
        snapshots = snapshots == null ? Set.of() : Set.copyOf(snapshots);
        if (memoryMb < 0) {
            throw new IllegalArgumentException("memoryMb must not be negative, got " + memoryMb);
        }
    }

    /** Holding no snapshot. */
    public NodeView(String name, String pool, Map<String, String> labels, long memoryMb,
                    Accelerator accelerator, NodeState state, Optional<Instant> lastHeartbeat) {
        this(name, pool, labels, memoryMb, accelerator, state, lastHeartbeat, Set.of());
    }

    /** A READY KVM node in pool "default" without labels, last heard from at {@code heartbeat}. */
    public static NodeView ready(String name, long memoryMb, Instant heartbeat) {
        return new NodeView(name, "default", Map.of(), memoryMb, Accelerator.KVM, NodeState.READY,
                Optional.of(heartbeat));
    }

    public NodeView withState(NodeState newState) {
        return new NodeView(name, pool, labels, memoryMb, accelerator, newState, lastHeartbeat, snapshots);
    }

    public NodeView withPool(String newPool) {
        return new NodeView(name, newPool, labels, memoryMb, accelerator, state, lastHeartbeat, snapshots);
    }

    public NodeView withLabels(Map<String, String> newLabels) {
        return new NodeView(name, pool, newLabels, memoryMb, accelerator, state, lastHeartbeat, snapshots);
    }

    public NodeView withAccelerator(Accelerator newAccelerator) {
        return new NodeView(name, pool, labels, memoryMb, newAccelerator, state, lastHeartbeat, snapshots);
    }

    public NodeView withSnapshots(Set<Release> held) {
        return new NodeView(name, pool, labels, memoryMb, accelerator, state, lastHeartbeat, held);
    }

    public NodeView withLastHeartbeat(Optional<Instant> heartbeat) {
        return new NodeView(name, pool, labels, memoryMb, accelerator, state, heartbeat, snapshots);
    }
}
