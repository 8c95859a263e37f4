package dev.paas.nodeagent.api;

import dev.paas.nodeagent.core.EgressPolicy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * How the agent's supervisor talks to VMs, in the manner of Nomad's driver plugins. The QEMU
 * driver is the real one; a fake may serve unit tests of supervision logic only.
 *
 * <p>Threads: every method may block (process starts, sockets, files, waiting for a stop), so the
 * supervisor calls them from worker threads, never from an event loop. Calls for different
 * instances may run concurrently; the supervisor never runs two calls for the same instance at
 * once, and for one instance the order is {@code start} (or {@code recover}) then any number of
 * {@code inspect} then {@code stop}.
 */
public interface VmDriver {

    /** What this host offers guests. Called once at agent start-up; may take seconds (a probe boot). */
    Fingerprint fingerprint();

    /**
     * Starts one VM and returns as soon as its process runs (not when the app is healthy). The
     * driver records the VM durably before returning, so that {@link #recover()} finds it after
     * an agent restart.
     *
     * @throws VmStartException when the VM could not be started; nothing is left running then
     */
    VmHandle start(VmSpec spec) throws VmStartException;

    /**
     * Stops a VM: asks the guest to shut down, waits up to {@code grace}, then kills it. The
     * record stays (marked as stopping) until {@link #forget}. Idempotent: stopping a VM that is
     * already gone returns its final status at once.
     *
     * @return how the VM ended
     */
    VmStatus stop(VmHandle handle, Duration grace);

    /** The VM's current status (alive, resources, or how it ended). Cheap; idempotent; never throws. */
    VmStatus inspect(VmHandle handle);

    /**
     * Called once at agent start-up, before any {@code start}: finds the VMs a previous agent
     * process left behind. Live ones are returned as handles (their processes are untouched);
     * records of dead ones are returned too, with {@link VmHandle#adoptedDead()} set, so the
     * supervisor can report them CRASHED and then {@link #forget} them.
     */
    List<VmHandle> recover();

    /**
     * Replaces the egress rules of a running VM atomically (a desired egress change). Drivers
     * without a network policy ignore it.
     *
     * @throws IOException when the rules could not be applied (the old ones stay)
     */
    default void updateEgress(VmHandle handle, EgressPolicy egress) throws IOException {
    }

    /**
     * The id of the stored snapshot a VM of {@code spec} could start from on this node (same
     * key: image, memory, disk, accelerator, QEMU, kernel line, data path, env), or empty: none,
     * or a driver without snapshots. Cheap (no hashing of the snapshot).
     */
    default java.util.Optional<String> storedSnapshot(VmSpec spec) {
        return java.util.Optional.empty();
    }

    /**
     * Starts the VM of {@code spec} from the stored snapshot {@code snapshotId} instead of booting
     * it: its memory and disk as they were, then the instance's own identity, entropy and clock
     * (kernel/README.md, "Snapshot clones"). Same contract as {@link #start}.
     *
     * @throws VmStartException when the snapshot could not be restored (corrupt, another key, QEMU
     *                          refused it); nothing is left running and the caller may boot cold
     */
    default VmHandle restore(VmSpec spec, String snapshotId) throws VmStartException {
        throw new VmStartException("this driver has no snapshots");
    }

    /**
     * Whether the running VM could be snapshotted now: the driver knows its key, it did not come
     * from a snapshot itself, and no snapshot of its key is stored or being taken.
     */
    default boolean snapshotWanted(VmHandle handle) {
        return false;
    }

    /**
     * Snapshots a running, warmed VM once for its key; the guest is paused only for the end of
     * the migration and the disk copy, then runs on. Blocking (a second or so).
     *
     * @throws IOException when no snapshot was stored (the VM runs on in every case)
     */
    default SnapshotInfo snapshot(VmHandle handle) throws IOException {
        throw new IOException("this driver has no snapshots");
    }

    /**
     * As {@link #snapshot(VmHandle)}, recording the control plane's {@code revision} of the VM's
     * instance with the snapshot (0: unknown) so {@link #snapshotReports} can name it.
     */
    default SnapshotInfo snapshot(VmHandle handle, long revision) throws IOException {
        return snapshot(handle);
    }

    /**
     * The stored snapshots this node could restore now, by revision, for the heartbeat (the
     * control plane places instances where their snapshot is: a node without one boots cold).
     * Cheap and non-blocking: any thread, the event loop's included. Empty for a driver without
     * snapshots.
     */
    default List<dev.paas.model.SnapshotReport> snapshotReports() {
        return List.of();
    }

    /**
     * Deletes the stored snapshots of these revisions (the control plane says no app needs them),
     * except one whose key a live VM has: it is dropped at a later heartbeat once that VM is gone.
     * Blocking (file reads); idempotent.
     */
    default void dropSnapshotsOf(java.util.Set<Long> revisions) {
    }

    /** Deletes a stored snapshot (one that failed to restore). Idempotent. */
    default void dropSnapshot(String snapshotId) {
    }

    /**
     * Deletes stored snapshots least recently used first until they fit the node's snapshot budget,
     * never one a live VM's key names.
     */
    default void snapshotHousekeeping() {
    }

    /** Drops the driver's record and files of a VM that has ended. Idempotent. */
    void forget(VmHandle handle);
}
