package dev.paas.nodeagent.infra;

import dev.paas.nodeagent.core.EgressPolicy;
import dev.paas.nodeagent.core.InstanceNet;
import dev.paas.nodeagent.core.Ipv4;
import dev.paas.nodeagent.core.NftScripts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The netns data path's set-up and removal against the real kernel, without a VM: what
 * {@code prepare} leaves before QEMU starts (the namespace with its tap, nothing leading out),
 * what {@code complete} adds (veth pair, route, sysctls, both tables; the tap keeps the guest's
 * gateway and a permanent neighbour entry) and that {@code release} takes all of it. Needs root,
 * {@code ip}, {@code nft} and {@code /dev/net/tun} (tagged {@code vm} with the tests that boot).
 */
@Tag("vm")
class NetnsNetworkTest {

    private static final String RANGE = "10.251.0.0/16";

    @TempDir
    Path state;

    @AfterEach
    void removeEverything() {
        AgentNetworks.removeAll(state);
        AgentNetworks.removeTransferRoute(RANGE);
    }

    private NetnsNetwork network() throws IOException {
        assertThat(NetnsNetwork.unavailable()).as("this test needs root, ip, nft and /dev/net/tun").isEmpty();
        NetnsNetwork n = new NetnsNetwork(new NetnsNetwork.Settings(NetworkFacts.tag(state),
                Ipv4.Cidr.parse("vmNetwork", RANGE), "127.0.0.1", List.of("127.0.0.1"), Optional.empty(),
                state.resolve("net")));
        n.prepareHost();
        return n;
    }

    @Test
    void prepareBuildsTheWholePathAndReleaseTakesItAll() throws IOException {
        NetnsNetwork network = network();
        GuestNetwork.Endpoint e = new GuestNetwork.Endpoint(7, "127.0.0.1", 21007, 8080);
        InstanceNet n = new InstanceNet(NetworkFacts.tag(state), 7, 21007, 8080, Ipv4.Cidr.parse("r", RANGE));

        GuestNetwork.Attachment a = network.prepare(e, EgressPolicy.DENY_ALL);

        // Before complete: the namespace and its tap only; nothing leads out of it.
        String ipBin = NetnsNetwork.binary("ip").orElseThrow();
        assertThat(NetnsNetwork.run(List.of(ipBin, "-n", n.netns(), "-o", "link", "show"), null))
                .contains("lo:").contains("tap0:").doesNotContain("veth0");
        assertThat(NetnsNetwork.run(List.of(ipBin, "-n", n.netns(), "route", "show"), null)).doesNotContain("default");
        assertThat(Path.of("/sys/class/net", n.hostVeth())).doesNotExist();

        network.complete(e, EgressPolicy.DENY_ALL);

        assertThat(a.netns()).isEqualTo(n.netns());
        assertThat(a.prefix()).containsExactly(NetnsNetwork.binary("ip").orElseThrow(), "netns", "exec", n.netns());
        String ip = NetnsNetwork.binary("ip").orElseThrow();
        assertThat(NetnsNetwork.run(List.of(ip, "-n", n.netns(), "-o", "addr", "show", "dev", "tap0"), null))
                .contains("10.0.2.2/24").contains("10.0.2.3/32");
        assertThat(NetnsNetwork.run(List.of(ip, "-n", n.netns(), "neigh", "show", "dev", "tap0"), null))
                .contains("10.0.2.15 lladdr " + InstanceNet.GUEST_MAC + " PERMANENT");
        assertThat(NetnsNetwork.run(List.of(ip, "-n", n.netns(), "route", "show", "default"), null))
                .contains("default via " + n.hostSide() + " dev veth0");
        assertThat(NetnsNetwork.run(List.of(ip, "-o", "addr", "show", "dev", n.hostVeth()), null))
                .contains(n.hostSide() + "/30");
        assertThat(Files.readString(Path.of("/proc/sys/net/ipv4/conf", n.hostVeth(), "route_localnet")).strip())
                .isEqualTo("1");
        assertThat(NetnsNetwork.run(List.of(ip, "netns", "exec", n.netns(), "cat", "/proc/sys/net/ipv4/ip_forward",
                "/proc/sys/net/ipv6/conf/all/disable_ipv6"), null)).isEqualTo("1\n1\n");
        String nft = NetnsNetwork.binary("nft").orElseThrow();
        assertThat(NetnsNetwork.run(List.of(ip, "netns", "exec", n.netns(), nft, "list", "table", "inet",
                NftScripts.NETNS_TABLE), null)).contains("dnat ip to 10.0.2.15:8080");
        assertThat(NetnsNetwork.run(List.of(nft, "list", "table", "ip", NftScripts.hostTable(n.tag())), null))
                .contains("tcp dport 21007 dnat to " + n.netnsSide() + ":21007");
        assertThat(state.resolve("net")).isEmptyDirectory();  // the set-up scripts are gone

        network.release(e);

        assertThat(NetnsNetwork.run(List.of(ip, "netns", "list"), null)).doesNotContain(n.netns());
        assertThat(Path.of("/sys/class/net", n.hostVeth())).doesNotExist();
        assertThat(NetnsNetwork.run(List.of(nft, "list", "tables"), null)).doesNotContain(NftScripts.hostTable(n.tag()));
    }

    @Test
    void aLeftoverOfTheSameNameIsReplaced() throws IOException {
        NetnsNetwork network = network();
        GuestNetwork.Endpoint e = new GuestNetwork.Endpoint(8, "127.0.0.1", 21008, 8080);
        String ip = NetnsNetwork.binary("ip").orElseThrow();
        String netns = InstanceNet.netnsPrefix(NetworkFacts.tag(state)) + 8;
        NetnsNetwork.run(List.of(ip, "netns", "add", netns), null);  // a start that died half-way

        GuestNetwork.Attachment a = network.prepare(e, EgressPolicy.DENY_ALL);
        network.complete(e, EgressPolicy.DENY_ALL);

        assertThat(a.netns()).isEqualTo(netns);
        assertThat(NetnsNetwork.run(List.of(ip, "-n", netns, "-o", "link", "show", "tap0"), null)).contains("tap0");
        network.release(e);
    }

    /** Not a check: prints what one instance's set-up and removal cost here (the boot bench counts it too). */
    @Test
    void printsTheSetUpTime() throws IOException {
        NetnsNetwork network = network();
        double[] before = new double[7];
        double[] during = new double[7];
        for (int i = 0; i < before.length; i++) {
            GuestNetwork.Endpoint e = new GuestNetwork.Endpoint(100 + i, "127.0.0.1", 21100 + i, 8080);
            long t0 = System.nanoTime();
            network.prepare(e, EgressPolicy.DENY_ALL);
            long t1 = System.nanoTime();
            network.complete(e, EgressPolicy.DENY_ALL);
            before[i] = (t1 - t0) / 1e6;
            during[i] = (System.nanoTime() - t1) / 1e6;
            network.release(e);
        }
        Arrays.sort(before);
        Arrays.sort(during);
        System.out.printf("netns set-up: before QEMU median %.1f ms (%.1f-%.1f), while the guest boots median %.1f ms"
                + " (%.1f-%.1f); load %s%n", before[3], before[0], before[6], during[3], during[0], during[6],
                Files.readString(Path.of("/proc/loadavg")).strip());
    }
}
