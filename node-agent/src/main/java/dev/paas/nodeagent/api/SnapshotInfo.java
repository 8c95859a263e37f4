package dev.paas.nodeagent.api;

/**
 * A snapshot a driver took of a running VM (node-agent/README.md, "Snapshot clones").
 *
 * @param id          the snapshot's key id ({@code SnapshotKey.id()})
 * @param memoryBytes the migration stream's size (guest memory as QEMU wrote it)
 * @param diskBytes   the host blocks the copy of the writable disk holds (the file is sparse)
 * @param pausedMs    how long the guest did not run: QEMU's final migration phase and the disk copy
 * @param tookMs      from the start of the migration until the source ran again
 */
public record SnapshotInfo(String id, long memoryBytes, long diskBytes, long pausedMs, long tookMs) {}
