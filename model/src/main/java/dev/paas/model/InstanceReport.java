package dev.paas.model;

import java.time.Instant;

/**
 * What a node agent reports about one instance it runs (or ran), with every heartbeat.
 *
 * @param instanceId  the control plane's instance id (from {@link DesiredInstance})
 * @param state       STARTING, RUNNING, CRASHED, STOPPING or STOPPED
 * @param since       when it entered {@code state}
 * @param endpoint    {@code host:port} where the app answers (on the node's address: a DNAT to the instance's network namespace)
 * @param healthy     whether the last health check passed
 * @param exitReason  for CRASHED/STOPPED: the exit record or the reason (e.g. "health check failed: ...")
 * @param rssBytes    host RSS of the QEMU process
 * @param cpuSeconds  CPU time used by the QEMU process
 * @param memoryUsedBytes the guest's own memory use (its total minus what its kernel counts as
 *                    available, from the virtio balloon's statistics); null when not known
 */
public record InstanceReport(long instanceId, InstanceState state, Instant since, String endpoint, Boolean healthy,
                             String exitReason, Long rssBytes, Double cpuSeconds, Long memoryUsedBytes) {

    /** Without the guest's memory use (agents that do not read it). */
    public InstanceReport(long instanceId, InstanceState state, Instant since, String endpoint, Boolean healthy,
                          String exitReason, Long rssBytes, Double cpuSeconds) {
        this(instanceId, state, since, endpoint, healthy, exitReason, rssBytes, cpuSeconds, null);
    }
}
