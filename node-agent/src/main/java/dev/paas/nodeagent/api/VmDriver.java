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

    /** Drops the driver's record and files of a VM that has ended. Idempotent. */
    void forget(VmHandle handle);
}
