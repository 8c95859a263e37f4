package dev.paas.nodeagent.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The nftables scripts of the agent's data path, built from validated values only (every
 * address went through {@link Ipv4}, every name through {@link InstanceNet}, every rule through
 * {@link EgressPolicy}). Each script replaces its table atomically when run with {@code nft -f}:
 * it adds the table (so the delete cannot fail), deletes it and defines it anew in one
 * transaction. node-agent/README.md ("Network") draws what the rules do.
 */
public final class NftScripts {

    /** The netns table's name (family inet: IPv6 from the guest meets the same drop). */
    public static final String NETNS_TABLE = "paas";

    /** Never reachable from a guest, whatever its rules say. */
    public static final List<String> ALWAYS_DENIED = List.of("0.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16");

    private NftScripts() {}

    public static String hostTable(String tag) {
        return "paas-" + tag;
    }

    /**
     * The agent's table in the host namespace: DNAT of each instance's endpoint to its netns,
     * SNAT of loopback-originated connections, masquerade of guest traffic leaving the host, and
     * the drops that keep guests off the host and off each other.
     *
     * @param address   the node's address (the router's target), validated IPv4
     * @param instances every instance with a network on this agent
     */
    public static String host(String tag, Ipv4.Cidr transfer, String address, Collection<InstanceNet> instances) {
        return host(tag, transfer, address, instances, java.util.Map.of());
    }

    /**
     * As {@link #host(String, Ipv4.Cidr, String, Collection)}, and the service endpoints each
     * instance's bindings opened: new connections from its veth to exactly that address and port
     * are accepted on the host (where the input chain drops everything else from a guest).
     *
     * @param services instance id → its parsed service endpoints (absent: none)
     */
    public static String host(String tag, Ipv4.Cidr transfer, String address, Collection<InstanceNet> instances,
                              java.util.Map<Long, List<EgressPolicy.Service>> services) {
        Ipv4.parse("address", address);
        String t = hostTable(tag);
        String own = "\"" + InstanceNet.vethPrefix(tag) + "*\"";
        List<String> dnat = new ArrayList<>();
        List<String> open = new ArrayList<>();
        for (InstanceNet n : instances.stream().sorted((a, b) -> Long.compare(a.instanceId(), b.instanceId())).toList()) {
            dnat.add("ip daddr " + address + " tcp dport " + n.hostPort() + " dnat to " + n.netnsSide() + ":"
                    + n.hostPort() + " comment \"instance " + n.instanceId() + "\"");
            for (EgressPolicy.Service svc : services.getOrDefault(n.instanceId(), List.of())) {
                open.add("iifname \"" + n.hostVeth() + "\" " + serviceMatch(svc) + " ct state new accept comment \"instance "
                        + n.instanceId() + " service\"");
            }
        }
        StringBuilder s = new StringBuilder();
        s.append("add table ip ").append(t).append('\n');
        s.append("delete table ip ").append(t).append('\n');
        s.append("table ip ").append(t).append(" {\n");
        s.append("  chain prerouting {\n    type nat hook prerouting priority dstnat; policy accept;\n");
        s.append("    iifname \"pv*\" return\n");  // a guest never reaches an endpoint (its own or another's)
        dnat.forEach(r -> s.append("    ").append(r).append('\n'));
        s.append("  }\n");
        s.append("  chain output {\n    type nat hook output priority -100; policy accept;\n");
        dnat.forEach(r -> s.append("    ").append(r).append('\n'));
        s.append("  }\n");
        s.append("  chain postrouting {\n    type nat hook postrouting priority srcnat; policy accept;\n");
        // A connection from the host's loopback keeps source 127.x; the netns could not answer it.
        s.append("    oifname ").append(own).append(" ip saddr 127.0.0.0/8 masquerade\n");
        s.append("    ip saddr ").append(transfer).append(" oifname != \"pv*\" masquerade\n");
        s.append("  }\n");
        s.append("  chain input {\n    type filter hook input priority filter; policy accept;\n");
        s.append("    iifname ").append(own).append(" ct state established,related accept\n");
        open.forEach(r -> s.append("    ").append(r).append('\n'));
        s.append("    iifname ").append(own).append(" drop\n");
        s.append("  }\n");
        s.append("  chain forward {\n    type filter hook forward priority filter; policy accept;\n");
        s.append("    iifname \"pv*\" oifname \"pv*\" drop\n");
        s.append("  }\n");
        s.append("}\n");
        return s.toString();
    }

    /**
     * The table inside one instance's netns: DNAT of the endpoint to the guest, DNS to the host's
     * resolver, and the egress chain (always-denied destinations, then the allow rules, then
     * refuse).
     *
     * @param denied    destinations refused before any rule: {@link #ALWAYS_DENIED}, the transfer
     *                  range, the node's addresses, the control plane's (validated IPv4 or CIDR)
     * @param dnsServer the host's first non-loopback nameserver; empty: nothing answers 10.0.2.3
     */
    public static String netns(InstanceNet n, EgressPolicy policy, Collection<String> denied, Optional<String> dnsServer) {
        List<String> deny = new ArrayList<>(ALWAYS_DENIED);
        deny.addAll(denied);
        deny.add(n.transfer().toString());
        deny = disjoint(deny);
        String veth = "\"" + InstanceNet.NETNS_VETH + "\"";
        String tap = "\"" + InstanceNet.TAP + "\"";
        StringBuilder s = new StringBuilder();
        s.append("add table inet ").append(NETNS_TABLE).append('\n');
        s.append("delete table inet ").append(NETNS_TABLE).append('\n');
        s.append("table inet ").append(NETNS_TABLE).append(" {\n");
        s.append("  chain prerouting {\n    type nat hook prerouting priority dstnat; policy accept;\n");
        s.append("    iifname ").append(veth).append(" ip daddr ").append(n.netnsSide()).append(" tcp dport ")
                .append(n.hostPort()).append(" dnat ip to ").append(InstanceNet.GUEST).append(':').append(n.guestPort())
                .append('\n');
        dnsServer.map(d -> Ipv4.format(Ipv4.parse("dnsServer", d))).ifPresent(d -> {
            for (String proto : List.of("udp", "tcp")) {
                s.append("    iifname ").append(tap).append(" ip daddr ").append(InstanceNet.DNS).append(' ').append(proto)
                        .append(" dport 53 dnat ip to ").append(d).append(":53\n");
            }
        });
        s.append("  }\n");
        s.append("  chain postrouting {\n    type nat hook postrouting priority srcnat; policy accept;\n");
        s.append("    oifname ").append(veth).append(" masquerade\n");
        s.append("  }\n");
        s.append("  chain refuse {\n");
        s.append("    meta l4proto tcp reject with tcp reset\n");
        s.append("    reject with icmpx type admin-prohibited\n");
        s.append("  }\n");
        // The netns itself (10.0.2.2, 10.0.2.3 without a resolver, its veth) answers nothing.
        s.append("  chain input {\n    type filter hook input priority filter; policy drop;\n");
        s.append("    iifname \"lo\" accept\n");
        s.append("    iifname ").append(tap).append(" jump refuse\n");
        s.append("  }\n");
        s.append("  chain forward {\n    type filter hook forward priority filter; policy drop;\n");
        s.append("    ct state established,related accept\n");
        s.append("    iifname ").append(veth).append(" oifname ").append(tap).append(" ip daddr ").append(InstanceNet.GUEST)
                .append(" tcp dport ").append(n.guestPort()).append(" ct status dnat accept\n");
        s.append("    iifname ").append(tap).append(" oifname ").append(veth).append(" jump egress\n");
        s.append("    iifname ").append(tap).append(" jump refuse\n");
        s.append("  }\n");
        s.append("  chain egress {\n");
        // What the instance's bindings opened comes first: exact endpoints, often on the host or
        // the platform, which the always-denied set would refuse.
        for (EgressPolicy.Service svc : policy.services()) {
            s.append("    ").append(serviceMatch(svc)).append(" accept\n");
        }
        s.append("    ip daddr { ").append(String.join(", ", deny)).append(" } jump refuse\n");
        for (EgressPolicy.Allow a : policy.rules()) {
            s.append("    ").append(rule(a)).append('\n');
        }
        s.append("    jump refuse\n");
        s.append("  }\n");
        s.append("}\n");
        return s.toString();
    }

    /**
     * Drops entries inside another (CIDRs nest or are disjoint), so the anonymous nft set has no
     * overlapping intervals, which nft refuses.
     */
    static List<String> disjoint(List<String> cidrsOrAddresses) {
        List<Ipv4.Cidr> all = cidrsOrAddresses.stream()
                .map(d -> d.contains("/") ? Ipv4.Cidr.parse("denied", d) : new Ipv4.Cidr(Ipv4.parse("denied", d), 32))
                .toList();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Ipv4.Cidr c = all.get(i);
            boolean covered = false;
            for (int j = 0; j < all.size() && !covered; j++) {
                Ipv4.Cidr o = all.get(j);
                covered = j != i && o.prefix() <= c.prefix() && o.contains(c.address())
                        && (o.prefix() < c.prefix() || j < i);
            }
            if (!covered) {
                out.add(c.prefix() == 32 ? Ipv4.format(c.address()) : c.toString());
            }
        }
        return out;
    }

    /**
     * The netns table once the instance's VM has ended: the endpoint's DNAT stays and every
     * packet towards the guest is answered with a TCP reset (or ICMP), new connections and the
     * router's pooled ones alike, as QEMU's user networking closed its sockets when QEMU died.
     * Without it, packets would wait on a tap nobody reads until the router's time-out.
     */
    public static String ended(InstanceNet n) {
        String veth = "\"" + InstanceNet.NETNS_VETH + "\"";
        return "add table inet " + NETNS_TABLE + "\n"
                + "delete table inet " + NETNS_TABLE + "\n"
                + "table inet " + NETNS_TABLE + " {\n"
                + "  chain prerouting {\n    type nat hook prerouting priority dstnat; policy accept;\n"
                + "    iifname " + veth + " ip daddr " + n.netnsSide() + " tcp dport " + n.hostPort() + " dnat ip to "
                + InstanceNet.GUEST + ":" + n.guestPort() + "\n  }\n"
                + "  chain forward {\n    type filter hook forward priority filter; policy drop;\n"
                + "    meta l4proto tcp reject with tcp reset\n"
                + "    reject with icmpx type admin-prohibited\n  }\n"
                + "  chain input {\n    type filter hook input priority filter; policy drop;\n"
                + "    iifname \"lo\" accept\n"
                + "    meta l4proto tcp reject with tcp reset\n  }\n"
                + "}\n";
    }

    private static String serviceMatch(EgressPolicy.Service svc) {
        return "ip daddr " + Ipv4.format(Ipv4.parse("service", svc.address())) + " tcp dport " + svc.port();
    }

    static String rule(EgressPolicy.Allow a) {
        String dst = "ip daddr " + a.destination();
        return switch (a.protocol()) {
            case ALL -> dst + " accept";
            case ICMP -> dst + " ip protocol icmp accept";
            case TCP, UDP -> {
                String proto = a.protocol().name().toLowerCase(java.util.Locale.ROOT);
                if (a.ports().isEmpty()) {
                    yield dst + " ip protocol " + proto + " accept";
                }
                String ports = a.ports().stream().map(EgressPolicy.PortRange::toString).collect(Collectors.joining(", "));
                yield dst + " " + proto + " dport " + (a.ports().size() == 1 ? ports : "{ " + ports + " }") + " accept";
            }
        };
    }
}
