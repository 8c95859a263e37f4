package dev.paas.model;

/**
 * The answer to a heartbeat: the node's state as the control plane sees it (an agent of a
 * DRAINING or CORDONED node keeps running what it has) and the current desired version, so the
 * agent knows whether to fetch desired instances again.
 */
public record HeartbeatResponse(NodeState state, long desiredVersion) {
}
