package dev.paas.nodeagent.infra;

import dev.paas.kernel.api.VmConfig;
import dev.paas.nodeagent.core.EgressPolicy;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * How a guest's NIC reaches the world: {@link NetnsNetwork} (a network namespace, veth and tap
 * per instance, nftables rules; the default) or {@link UserNetwork} (QEMU user networking with
 * {@code restrict=on}, the explicit opt-in without CAP_NET_ADMIN). Methods may block.
 */
interface GuestNetwork {

    /**
     * What QEMU needs to use a prepared network.
     *
     * @param nic    sets the NIC on the VM config (a tap, or a restricted user forward)
     * @param prefix the command QEMU's argv is run under (e.g. {@code ip netns exec NAME}); may be empty
     * @param netns  the namespace's name, or null
     */
    record Attachment(java.util.function.UnaryOperator<VmConfig.Builder> nic, List<String> prefix, String netns) {
    }

    /** The place of one instance: what a VM record holds. */
    record Endpoint(long instanceId, String hostAddress, int hostPort, int guestPort) {
    }

    /**
     * Builds what QEMU needs to start (for the netns path: the namespace and its tap). Until
     * {@link #complete} has returned, the guest must reach nothing beyond its own link.
     *
     * @throws IOException when a step failed; nothing of it is left then
     */
    Attachment prepare(Endpoint e, EgressPolicy egress) throws IOException;

    /**
     * Called once QEMU runs, while the guest boots: the rest of the network (rules, routes, the
     * endpoint), off the boot's critical path. The caller kills the VM and calls {@link #release}
     * when it throws.
     */
    default void complete(Endpoint e, EgressPolicy egress) throws IOException {
    }

    /** Replaces the instance's egress rules atomically. */
    void updateEgress(Endpoint e, EgressPolicy egress) throws IOException;

    /**
     * The instance's VM has ended: its endpoint refuses at once from now on (every packet
     * towards the guest gets a reset) until {@link #release}. Never throws.
     */
    void ended(Endpoint e);

    /** Removes the instance's network. Idempotent; never throws. */
    void release(Endpoint e);

    /**
     * Agent start, after the VM records were read: keeps the networks of {@code known} (every
     * record, alive or not), removes leftovers of this agent that no record names, and reports,
     * for each live one, whether its network is still there.
     *
     * @return instance id → why its network is unusable (absent: fine)
     */
    Map<Long, String> adopt(List<Endpoint> known, java.util.Set<Long> alive);
}
