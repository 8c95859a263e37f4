package dev.paas.nodeagent.infra;

import dev.paas.nodeagent.core.HealthPolicy;
import dev.paas.nodeagent.core.InstanceNet;
import dev.paas.nodeagent.core.Ipv4;

import java.net.URI;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The agent's settings, validated once by the constructor.
 *
 * @param controlPlane    base URL of the control plane (http or https)
 * @param joinToken       the pool's join token, used when the state directory has no credential
 * @param nodeName        DNS label naming this node
 * @param address         literal IPv4 address of this node: where instances' ports are forwarded
 * @param stateDir        the state directory
 * @param memoryLimitMb   memory the agent may give to instances
 * @param portFirst       first host port for instances
 * @param portLast        last host port for instances
 * @param agentPort       port of the agent's HTTP endpoint (0: any, for tests)
 * @param agentBind       address the agent's HTTP endpoint binds to
 * @param qemu            the qemu-system-x86_64 binary
 * @param accelerator     how to choose KVM or TCG
 * @param imageCacheBytes cap of the image cache
 * @param health          health-check timing
 * @param network         {@code netns} (per-instance namespaces and nftables rules) or {@code user}
 *                        (QEMU user networking with restrict=on: the guest reaches nothing)
 * @param vmNetwork       the transfer range: one /30 per instance from it ({@code --vm-network})
 * @param snapshotBudgetBytes the disk snapshot clones may take on this node ({@code --snapshot-budget};
 *                        0: no snapshots, every boot is cold)
 */
public record AgentConfig(URI controlPlane, String joinToken, String nodeName, String address, Path stateDir,
                          int memoryLimitMb, int portFirst, int portLast, int agentPort, String agentBind, Path qemu,
                          QemuDriver.AcceleratorMode accelerator, long imageCacheBytes, HealthPolicy health,
                          NetworkMode network, Ipv4.Cidr vmNetwork, long snapshotBudgetBytes) {

    /** How guests are networked. */
    public enum NetworkMode { NETNS, USER }

    /** The default transfer range: private, rarely used, room for 16384 instances. */
    public static final String DEFAULT_VM_NETWORK = "10.254.0.0/16";

    /** With the default snapshot budget. */
    public AgentConfig(URI controlPlane, String joinToken, String nodeName, String address, Path stateDir,
                       int memoryLimitMb, int portFirst, int portLast, int agentPort, String agentBind, Path qemu,
                       QemuDriver.AcceleratorMode accelerator, long imageCacheBytes, HealthPolicy health,
                       NetworkMode network, Ipv4.Cidr vmNetwork) {
        this(controlPlane, joinToken, nodeName, address, stateDir, memoryLimitMb, portFirst, portLast, agentPort,
                agentBind, qemu, accelerator, imageCacheBytes, health, network, vmNetwork,
                QemuDriver.DEFAULT_SNAPSHOT_BUDGET);
    }

    /** The default data path (per-instance network namespaces) on {@link #DEFAULT_VM_NETWORK}. */
    public AgentConfig(URI controlPlane, String joinToken, String nodeName, String address, Path stateDir,
                       int memoryLimitMb, int portFirst, int portLast, int agentPort, String agentBind, Path qemu,
                       QemuDriver.AcceleratorMode accelerator, long imageCacheBytes, HealthPolicy health) {
        this(controlPlane, joinToken, nodeName, address, stateDir, memoryLimitMb, portFirst, portLast, agentPort,
                agentBind, qemu, accelerator, imageCacheBytes, health, NetworkMode.NETNS,
                Ipv4.Cidr.parse("--vm-network", DEFAULT_VM_NETWORK));
    }

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})(\\.\\d{1,3}){3}");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    public AgentConfig {
        if (controlPlane == null || controlPlane.getScheme() == null
                || !(controlPlane.getScheme().equals("http") || controlPlane.getScheme().equals("https"))) {
            throw new IllegalArgumentException("--control-plane must be an http(s) URL, got: " + controlPlane);
        }
        if (nodeName == null || !LABEL.matcher(nodeName).matches()) {
            throw new IllegalArgumentException("--name must be a DNS label (a-z, 0-9, '-'), got: " + nodeName);
        }
        if (address == null || !IPV4.matcher(address).matches()) {
            throw new IllegalArgumentException("--address must be an IPv4 address, got: " + address);
        }
        if (memoryLimitMb < 64) {
            throw new IllegalArgumentException("--memory-limit must be at least 64M, got: " + memoryLimitMb + "M");
        }
        if (portFirst < 1024 || portLast > 65535 || portFirst > portLast) {
            throw new IllegalArgumentException("--port-range must be FIRST-LAST within 1024-65535, got: "
                    + portFirst + "-" + portLast);
        }
        if (agentPort < 0 || agentPort > 65535) {
            throw new IllegalArgumentException("--agent-port must be between 0 and 65535, got: " + agentPort);
        }
        if (stateDir == null || qemu == null || accelerator == null || health == null) {
            throw new IllegalArgumentException("stateDir, qemu, accelerator and health are required");
        }
        if (imageCacheBytes < 1 << 20) {
            throw new IllegalArgumentException("--image-cache-size must be at least 1M");
        }
        if (network == null) {
            throw new IllegalArgumentException("--network must be netns or user");
        }
        if (snapshotBudgetBytes != 0 && snapshotBudgetBytes < 1 << 20) {
            throw new IllegalArgumentException("--snapshot-budget must be 0 (off) or at least 1M, got: " + snapshotBudgetBytes);
        }
        InstanceNet.checkTransfer(vmNetwork);
        Ipv4.parse("--address", address);
        if (vmNetwork.contains(Ipv4.parse("--address", address))) {
            throw new IllegalArgumentException("--vm-network " + vmNetwork + " must not contain --address " + address);
        }
    }

    /** Parses sizes like {@code 4G}, {@code 512M}, {@code 1024K} or plain bytes. */
    public static long parseSize(String text) {
        String t = text.strip().toUpperCase(java.util.Locale.ROOT);
        if (t.endsWith("IB")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        long unit = 1;
        char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
        switch (last) {
            case 'K' -> unit = 1L << 10;
            case 'M' -> unit = 1L << 20;
            case 'G' -> unit = 1L << 30;
            case 'T' -> unit = 1L << 40;
            default -> { }
        }
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        try {
            return Long.parseLong(digits) * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a size (e.g. 4G, 512M): " + text);
        }
    }
}
