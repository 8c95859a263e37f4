package dev.paas.model;

import java.time.Instant;

/**
 * One snapshot a node agent holds (node-agent/README.md, "Snapshot clones"), reported with every
 * heartbeat so the scheduler can place an instance where it can be restored instead of booted.
 * A snapshot never leaves its node: one taken elsewhere is of no use here.
 *
 * @param revisionId  the control plane's revision the snapshotted instance ran
 * @param memoryMb    the guest memory it was taken with (a clone needs the same)
 * @param diskMb      the writable disk it was taken with (a clone needs the same)
 * @param accelerator the accelerator it was taken under (a clone needs the same); null: the node's
 * @param sizeBytes   what it takes on the node's disk (memory stream plus disk copy)
 * @param lastUsedAt  when it was taken or last restored from (the node's LRU order)
 */
public record SnapshotReport(Long revisionId, Integer memoryMb, Integer diskMb, Accelerator accelerator, Long sizeBytes,
                             Instant lastUsedAt) {
}
