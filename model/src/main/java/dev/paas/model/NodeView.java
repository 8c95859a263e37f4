package dev.paas.model;

import java.time.Instant;

/** A node as operators see it ({@code GET /v1/nodes}). */
public record NodeView(long id, String name, String pool, String address, NodeState state, Accelerator accelerator,
                       int memoryMb, int allocatedMb, int vcpus, int instances, Instant lastHeartbeatAt,
                       String agentVersion, Instant joinedAt) {
}
