package dev.paas.model;

import java.util.List;

/**
 * The answer to a heartbeat: the node's state as the control plane sees it (an agent of a
 * DRAINING or CORDONED node keeps running what it has), the current desired version, so the
 * agent knows whether to fetch desired instances again, and the revisions of the snapshots it
 * reported that no app needs any more (not an app's current revision, or deleted with its app):
 * the agent deletes those, except one a running VM still uses.
 */
public record HeartbeatResponse(NodeState state, long desiredVersion, List<Long> unneededSnapshots) {

    public HeartbeatResponse {
        unneededSnapshots = unneededSnapshots == null ? List.of() : List.copyOf(unneededSnapshots);
    }

    public HeartbeatResponse(NodeState state, long desiredVersion) {
        this(state, desiredVersion, List.of());
    }
}
