package dev.paas.model;

import java.util.List;

/**
 * {@code GET /v1/agent/desired?version=N&waitSeconds=S}: the instances this node should run.
 * When {@code version} equals the current one, the call waits up to S seconds (long-poll) for a
 * change before answering with the same version.
 */
public record DesiredInstances(long version, List<DesiredInstance> instances) {
}
