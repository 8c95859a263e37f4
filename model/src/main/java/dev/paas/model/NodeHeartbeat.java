package dev.paas.model;

import java.util.List;

/**
 * {@code PUT /v1/agent/heartbeat}, every few seconds, authenticated by the node credential:
 * capacity, what is allocated, the actual state of every instance the agent knows, and the
 * snapshots it holds. A node that misses heartbeats for longer than the control plane's threshold
 * goes DOWN.
 *
 * @param snapshots every snapshot the node could restore now (at most a few hundred: its disk
 *                  budget bounds them); null: an agent too old to say, so what the control plane
 *                  knows of the node's snapshots stays as it is
 */
public record NodeHeartbeat(Integer memoryMb, Integer vcpus, Accelerator accelerator, Integer allocatedMb,
                            List<InstanceReport> instances, List<SnapshotReport> snapshots) {

    /** An agent that does not report snapshots. */
    public NodeHeartbeat(Integer memoryMb, Integer vcpus, Accelerator accelerator, Integer allocatedMb,
                         List<InstanceReport> instances) {
        this(memoryMb, vcpus, accelerator, allocatedMb, instances, null);
    }
}
