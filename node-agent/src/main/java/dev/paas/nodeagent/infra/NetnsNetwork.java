package dev.paas.nodeagent.infra;

import dev.paas.nodeagent.core.EgressPolicy;
import dev.paas.nodeagent.core.InstanceNet;
import dev.paas.nodeagent.core.Ipv4;
import dev.paas.nodeagent.core.NftScripts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The default data path: per instance a network namespace ({@code paas-<tag>-<id>}), a veth pair
 * (host side {@code pv<tag><hostPort>} with a /30 of {@code --vm-network}), a tap for QEMU inside
 * the namespace holding the guest's gateway address, and nftables rules: the agent's table in the
 * host namespace and one table per namespace (node-agent/README.md, "Network"). Every value put
 * into an {@code ip} or {@code nft} command comes from {@link InstanceNet}, {@link Ipv4} or a
 * parsed {@link EgressPolicy}; commands run without a shell.
 */
final class NetnsNetwork implements GuestNetwork {

    private static final System.Logger LOG = System.getLogger("dev.paas.nodeagent.network");
    private static final long CAP_NET_ADMIN = 12;
    private static final Path VHOST = Path.of("/dev/vhost-net");
    private static final Path TUN = Path.of("/dev/net/tun");
    private static final long TIMEOUT_S = 20;

    /**
     * What the agent's rules are built from, validated.
     *
     * @param denied addresses and CIDRs a guest never reaches: the node's, the control plane's
     * @param dns    the host's first non-loopback nameserver, if any
     * @param scratch a directory of the agent's for the set-up scripts of a moment
     */
    record Settings(String tag, Ipv4.Cidr transfer, String address, List<String> denied, Optional<String> dns,
                    Path scratch) {
    }

    private final Settings settings;
    private final String ip;
    private final String nft;
    private final String sysctl;
    private final boolean vhost;
    private final Map<Long, InstanceNet> nets = new ConcurrentHashMap<>();
    /** The service endpoints each instance's bindings opened (the host table accepts them from its veth). */
    private final Map<Long, List<EgressPolicy.Service>> services = new ConcurrentHashMap<>();
    private final Object hostLock = new Object();

    NetnsNetwork(Settings settings) {
        this.settings = settings;
        this.ip = binary("ip").orElseThrow();
        this.nft = binary("nft").orElseThrow();
        this.sysctl = binary("sysctl").orElseThrow();
        this.vhost = Files.isReadable(VHOST) && Files.isWritable(VHOST);
    }

    /** Why this host cannot run the netns data path, or empty when it can. */
    static Optional<String> unavailable() {
        List<String> missing = new ArrayList<>();
        if (!hasCapability(CAP_NET_ADMIN)) {
            missing.add("the capability CAP_NET_ADMIN (run the agent as root)");
        }
        if (binary("ip").isEmpty()) {
            missing.add("the ip command (Debian: iproute2)");
        }
        if (binary("nft").isEmpty()) {
            missing.add("the nft command (Debian: nftables)");
        }
        if (binary("sysctl").isEmpty()) {
            missing.add("the sysctl command (Debian: procps)");
        }
        if (!Files.exists(TUN)) {
            missing.add("/dev/net/tun");
        }
        return missing.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", missing));
    }

    /**
     * Host set-up once at start: forwarding on (guest traffic crosses the host), and an
     * unreachable route for the transfer range under the per-instance /30 routes, so a packet
     * to an instance whose network is gone (a connection conntrack still maps there) is refused
     * at once and never follows the default route out of the host.
     */
    void prepareHost() throws IOException {
        Path f = Path.of("/proc/sys/net/ipv4/ip_forward");
        if (!Files.readString(f).strip().equals("1")) {
            Files.writeString(f, "1\n");
            LOG.log(System.Logger.Level.INFO, "network.ip-forward-enabled");
        }
        run(List.of(ip, "route", "replace", "unreachable", settings.transfer().toString()), null);
    }

    boolean vhost() {
        return vhost;
    }

    private InstanceNet net(Endpoint e) {
        return new InstanceNet(settings.tag(), e.instanceId(), e.hostPort(), e.guestPort(), settings.transfer());
    }

    /**
     * What QEMU needs, before it starts: the namespace with lo and the tap (the guest's gateway
     * and DNS addresses, a permanent neighbour entry for the guest) in one {@code ip -batch}
     * whose {@code netns exec} line runs the netns' own {@code ip -batch}. Nothing else is in the
     * namespace yet: no veth, no route beyond the tap's /24, so the guest reaches only addresses
     * of its tap where nothing listens until {@link #complete} has put the rules in place.
     */
    @Override
    public Attachment prepare(Endpoint e, EgressPolicy egress) throws IOException {
        InstanceNet n = net(e);
        if (Files.exists(Path.of("/run/netns", n.netns())) || Files.exists(Path.of("/sys/class/net", n.hostVeth()))) {
            remove(n);  // a leftover of the same name (a start that died half-way) goes first
        }
        String ns = n.netns();
        try {
            withScripts(n, Map.of("ip", String.join("\n",
                    "link set lo up",
                    "tuntap add dev " + InstanceNet.TAP + " mode tap",
                    "link set " + InstanceNet.TAP + " address " + InstanceNet.GATEWAY_MAC,  // same for every clone
                    "addr add " + InstanceNet.GATEWAY + "/24 dev " + InstanceNet.TAP,
                    "addr add " + InstanceNet.DNS + "/32 dev " + InstanceNet.TAP,
                    "link set " + InstanceNet.TAP + " up",
                    // A request that arrives before the guest's NIC is up would otherwise start ARP,
                    // fail, and hold every later packet until the next ARP try, a second later.
                    "neigh replace " + InstanceNet.GUEST + " lladdr " + InstanceNet.GUEST_MAC + " dev " + InstanceNet.TAP
                            + " nud permanent") + "\n"),
                    files -> run(List.of(ip, "-batch", "-"), String.join("\n",
                            "netns add " + ns,
                            "netns exec " + ns + " " + ip + " -batch " + files.get("ip")) + "\n"));
        } catch (IOException | RuntimeException ex) {
            remove(n);
            throw new IOException("network set-up of " + ns + " failed: " + ex.getMessage(), ex);
        }
        return new Attachment(b -> b.tap(InstanceNet.TAP, vhost), List.of(ip, "netns", "exec", ns), ns);
    }

    /**
     * The rest, while the guest boots, in one {@code ip -batch} and one {@code nft -f} (two
     * processes from the agent: each costs 5-20 ms to spawn on a busy 2-core host): the veth
     * pair (the netns end stays down), the netns' sysctls and nft table, then the netns end's
     * address, link and default route, so the rules are in place before anything can leave;
     * then the host end's {@code route_localnet} and the host table with the endpoint's DNAT.
     */
    @Override
    public void complete(Endpoint e, EgressPolicy egress) throws IOException {
        InstanceNet n = net(e);
        String ns = n.netns();
        try {
            withScripts(n, Map.of(
                    "nft", NftScripts.netns(n, egress, settings.denied(), settings.dns()),
                    "ip", String.join("\n",
                            "addr add " + n.netnsSide() + "/30 dev " + InstanceNet.NETNS_VETH,
                            "link set " + InstanceNet.NETNS_VETH + " up",
                            "route add default via " + n.hostSide()) + "\n"),
                    files -> run(List.of(ip, "-batch", "-"), String.join("\n",
                            "link add " + n.hostVeth() + " type veth peer name " + InstanceNet.NETNS_VETH + " netns " + ns,
                            "addr add " + n.hostSide() + "/30 dev " + n.hostVeth(),
                            "link set " + n.hostVeth() + " up",
                            "netns exec " + ns + " " + sysctl + " -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.disable_ipv6=1",
                            "netns exec " + ns + " " + nft + " -f " + files.get("nft"),
                            "netns exec " + ns + " " + ip + " -batch " + files.get("ip")) + "\n"));
            // Loopback-originated connections to the endpoint (./paas up: --address 127.0.0.1) are
            // DNATed here with source 127.x until postrouting rewrites it: only this veth allows that.
            Files.writeString(Path.of("/proc/sys/net/ipv4/conf", n.hostVeth(), "route_localnet"), "1\n");
            nets.put(e.instanceId(), n);
            services.put(e.instanceId(), egress.services());
            syncHost();
        } catch (IOException | RuntimeException ex) {
            nets.remove(e.instanceId());
            services.remove(e.instanceId());
            remove(n);
            try {
                syncHost();
            } catch (IOException ignored) {
                // logged by the next change
            }
            throw new IOException("network set-up of " + ns + " failed: " + ex.getMessage(), ex);
        }
    }

    private interface ScriptUse {
        void run(Map<String, Path> files) throws IOException;
    }

    /**
     * Writes scripts for {@code netns exec} lines to read under the scratch directory, runs
     * {@code use}, and deletes them.
     */
    private void withScripts(InstanceNet n, Map<String, String> scripts, ScriptUse use) throws IOException {
        Files.createDirectories(settings.scratch());
        Map<String, Path> files = new TreeMap<>();
        try {
            for (Map.Entry<String, String> s : scripts.entrySet()) {
                Path f = settings.scratch().resolve(n.netns() + "." + s.getKey());
                Files.writeString(f, s.getValue());
                files.put(s.getKey(), f);
            }
            use.run(files);
        } finally {
            for (Path f : files.values()) {
                Files.deleteIfExists(f);
            }
        }
    }

    /**
     * The netns table, and the host table when the service endpoints changed (a binding made or
     * removed): the netns accepts a service endpoint in its egress chain, the host in its input.
     */
    @Override
    public void updateEgress(Endpoint e, EgressPolicy egress) throws IOException {
        applyNetns(net(e), egress);
        List<EgressPolicy.Service> before = services.put(e.instanceId(), egress.services());
        if (!egress.services().equals(before == null ? List.of() : before)) {
            try {
                syncHost();
            } catch (IOException ex) {
                // As it was, so the next desired list (which tries again) sees the change again.
                if (before == null) {
                    services.remove(e.instanceId());
                } else {
                    services.put(e.instanceId(), before);
                }
                throw ex;
            }
        }
    }

    @Override
    public void ended(Endpoint e) {
        InstanceNet n = net(e);
        try {
            run(List.of(ip, "netns", "exec", n.netns(), nft, "-f", "-"), NftScripts.ended(n));
        } catch (IOException ex) {
            LOG.log(System.Logger.Level.WARNING, "network.ended-rules-failed netns=" + n.netns() + " error=\""
                    + ex.getMessage() + "\"");
        }
    }

    @Override
    public void release(Endpoint e) {
        InstanceNet n = net(e);
        nets.remove(e.instanceId());
        services.remove(e.instanceId());
        remove(n);
        try {
            syncHost();
        } catch (IOException ex) {
            LOG.log(System.Logger.Level.WARNING, "network.host-rules-failed error=\"" + ex.getMessage() + "\"");
        }
    }

    @Override
    public Map<Long, String> adopt(List<Endpoint> known, Set<Long> alive) {
        Map<Long, String> broken = new TreeMap<>();
        Set<String> keepNetns = new HashSet<>();
        Set<String> keepVeths = new HashSet<>();
        for (Endpoint e : known) {
            InstanceNet n = net(e);
            nets.put(e.instanceId(), n);
            keepNetns.add(n.netns());
            keepVeths.add(n.hostVeth());
        }
        try {
            Set<String> namespaces = new HashSet<>();
            for (String line : run(List.of(ip, "netns", "list"), null).split("\n")) {
                String name = line.strip().split(" ")[0];
                if (name.isEmpty()) {
                    continue;
                }
                namespaces.add(name);
                if (InstanceNet.instanceOfNetns(settings.tag(), name).isPresent() && !keepNetns.contains(name)) {
                    quietly(List.of(ip, "netns", "delete", name));
                    LOG.log(System.Logger.Level.INFO, "network.leftover-removed netns=" + name);
                }
            }
            for (String line : run(List.of(ip, "-o", "link", "show"), null).split("\n")) {
                String[] f = line.split(":\\s+", 3);
                String name = f.length > 1 ? f[1].split("@")[0] : "";
                if (InstanceNet.portOfVeth(settings.tag(), name).isPresent() && !keepVeths.contains(name)) {
                    quietly(List.of(ip, "link", "delete", name));
                    LOG.log(System.Logger.Level.INFO, "network.leftover-removed veth=" + name);
                }
            }
            for (Endpoint e : known) {
                InstanceNet n = nets.get(e.instanceId());
                if (!alive.contains(e.instanceId())) {
                    if (namespaces.contains(n.netns())) {
                        ended(e);  // its VM is gone: the endpoint refuses until the instance is forgotten
                    }
                    continue;
                }
                if (!namespaces.contains(n.netns())) {
                    broken.put(e.instanceId(), "network namespace " + n.netns() + " is gone");
                } else if (quietly(List.of(ip, "netns", "exec", n.netns(), nft, "list", "table", "inet",
                        NftScripts.NETNS_TABLE)) != 0) {
                    broken.put(e.instanceId(), "the nftables rules of " + n.netns() + " are gone");
                }
            }
            syncHost();
        } catch (IOException ex) {
            LOG.log(System.Logger.Level.WARNING, "network.adopt-failed error=\"" + ex.getMessage() + "\"");
        }
        return broken;
    }

    private void applyNetns(InstanceNet n, EgressPolicy egress) throws IOException {
        run(List.of(ip, "netns", "exec", n.netns(), nft, "-f", "-"),
                NftScripts.netns(n, egress, settings.denied(), settings.dns()));
    }

    private void syncHost() throws IOException {
        synchronized (hostLock) {
            String table = NftScripts.hostTable(settings.tag());
            // No instance, no table: an agent that never ran one (or a refused join) leaves nothing behind.
            run(List.of(nft, "-f", "-"), nets.isEmpty() ? "add table ip " + table + "\ndelete table ip " + table + "\n"
                    : NftScripts.host(settings.tag(), settings.transfer(), settings.address(), List.copyOf(nets.values()),
                            Map.copyOf(services)));
        }
    }

    private void remove(InstanceNet n) {
        quietly(List.of(ip, "netns", "delete", n.netns()));  // takes veth0, so the host side too
        if (Files.exists(Path.of("/sys/class/net", n.hostVeth()))) {
            quietly(List.of(ip, "link", "delete", n.hostVeth()));
        }
    }

    private static int quietly(List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Runs a command (no shell), feeding {@code stdin}; returns its stdout or throws with its stderr. */
    static String run(List<String> argv, String stdin) throws IOException {
        Process p = new ProcessBuilder(argv).start();
        if (stdin != null) {
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } else {
            p.getOutputStream().close();
        }
        String out;
        String err;
        try (InputStream o = p.getInputStream(); InputStream e = p.getErrorStream()) {
            out = new String(o.readAllBytes(), StandardCharsets.UTF_8);
            err = new String(e.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", argv.subList(0, Math.min(4, argv.size()))) + " timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", argv.subList(0, Math.min(5, argv.size()))) + " failed ("
                    + p.exitValue() + "): " + err.strip().replace('\n', ' '));
        }
        return out;
    }

    static Optional<String> binary(String name) {
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p.toString());
            }
        }
        return Optional.empty();
    }

    private static boolean hasCapability(long cap) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    return (Long.parseUnsignedLong(line.substring(7).strip(), 16) >> cap & 1) == 1;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return false;
        }
        return false;
    }
}
