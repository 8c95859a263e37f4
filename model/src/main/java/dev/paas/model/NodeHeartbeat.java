package dev.paas.model;

import java.util.List;

/**
 * {@code PUT /v1/agent/heartbeat}, every few seconds, authenticated by the node credential:
 * capacity, what is allocated, and the actual state of every instance the agent knows.
 * A node that misses heartbeats for longer than the control plane's threshold goes DOWN.
 */
public record NodeHeartbeat(Integer memoryMb, Integer vcpus, Accelerator accelerator, Integer allocatedMb,
                            List<InstanceReport> instances) {
}
