package dev.paas.nodeagent.core;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names and addresses of one instance's network, derived only from validated numbers so they
 * survive an agent restart and never collide between the agents of one machine.
 *
 * <pre>
 * netns       paas-&lt;tag&gt;-&lt;instanceId&gt;           e.g. paas-3f9a-42
 * host veth   pv&lt;tag&gt;&lt;hostPort&gt;                 e.g. pv3f9a20001 (at most 15 characters)
 * netns veth  veth0, tap tap0                     (inside the netns: no global name)
 * transfer    the /30 number (hostPort mod slots) of the agent's --vm-network:
 *             .1 host veth, .2 netns veth
 * guest       10.0.2.15/24, gateway 10.0.2.2 (tap0), DNS 10.0.2.3 (also on tap0)
 * </pre>
 *
 * @param tag 4 lowercase hex digits naming the agent (from its state directory)
 */
public record InstanceNet(String tag, long instanceId, int hostPort, int guestPort, Ipv4.Cidr transfer) {

    public static final String NETNS_VETH = "veth0";
    public static final String TAP = "tap0";
    public static final String GUEST = "10.0.2.15";
    public static final String GATEWAY = "10.0.2.2";
    public static final String DNS = "10.0.2.3";
    /**
     * The guest NIC's MAC: QEMU gives the first NIC of a process 52:54:00:12:34:56 when none is
     * set, and the recipe has one. The netns knows it statically, so the first packet towards a
     * guest that has just come up waits for no ARP retry (the kernel retries every second).
     */
    public static final String GUEST_MAC = "52:54:00:12:34:56";
    /**
     * tap0's MAC, the guest's gateway, the same in every namespace (a locally administered
     * address): a snapshot clone's ARP cache still names the gateway of the instance it was taken
     * from, and with a random MAC per tap its packets would go nowhere until that entry expired.
     */
    public static final String GATEWAY_MAC = "02:70:61:61:73:02";
    private static final Pattern TAG = Pattern.compile("[0-9a-f]{4}");

    public InstanceNet {
        if (tag == null || !TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("tag must be 4 lowercase hex digits, got: " + tag);
        }
        if (instanceId <= 0) {
            throw new IllegalArgumentException("instanceId must be positive, got: " + instanceId);
        }
        if (hostPort < 1 || hostPort > 65535 || guestPort < 1 || guestPort > 65535) {
            throw new IllegalArgumentException("ports must be between 1 and 65535, got: " + hostPort + ", " + guestPort);
        }
        checkTransfer(transfer);
    }

    /** The agent's transfer range: a network with at least one /30. */
    public static Ipv4.Cidr checkTransfer(Ipv4.Cidr transfer) {
        if (transfer == null || transfer.prefix() > 30 || transfer.prefix() < 8) {
            throw new IllegalArgumentException("--vm-network must be a CIDR between /8 and /30, got: " + transfer);
        }
        return transfer;
    }

    public static String netnsPrefix(String tag) {
        return "paas-" + tag + "-";
    }

    public static String vethPrefix(String tag) {
        return "pv" + tag;
    }

    public String netns() {
        return netnsPrefix(tag) + instanceId;
    }

    public String hostVeth() {
        return vethPrefix(tag) + hostPort;
    }

    public long slot() {
        return hostPort % (transfer.size() / 4);
    }

    public Ipv4.Cidr transferNet() {
        return new Ipv4.Cidr(transfer.address() + 4 * slot(), 30);
    }

    public String hostSide() {
        return Ipv4.format(transferNet().address() + 1);
    }

    public String netnsSide() {
        return Ipv4.format(transferNet().address() + 2);
    }

    /** The instance id a netns name of this agent's names, if it is one. */
    public static Optional<Long> instanceOfNetns(String tag, String name) {
        Matcher m = Pattern.compile(Pattern.quote(netnsPrefix(tag)) + "([1-9][0-9]{0,17})").matcher(name);
        return m.matches() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    /** The host port a host veth name of this agent's names, if it is one. */
    public static Optional<Integer> portOfVeth(String tag, String name) {
        Matcher m = Pattern.compile(Pattern.quote(vethPrefix(tag)) + "([1-9][0-9]{0,4})").matcher(name);
        return m.matches() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }
}
