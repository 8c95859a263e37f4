package dev.paas.nodeagent.infra;

import dev.paas.nodeagent.core.InstanceNet;
import dev.paas.nodeagent.core.Ipv4;
import dev.paas.nodeagent.core.NftScripts;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Removes everything of the netns data path that the agent of one state directory made: its
 * namespaces, host veths and host nftables table. For tests and tear-downs after the VMs are
 * killed (a running agent removes its own leftovers at start).
 */
public final class AgentNetworks {

    private AgentNetworks() {}

    /**
     * A driver on the netns data path, set up as the agent sets it up at start (forwarding on,
     * the transfer range's unreachable route): for benchmarks, which boot through the agent's
     * own code. The guests may reach nothing beyond their link (no egress rules).
     *
     * @param address   the endpoints' address (e.g. 127.0.0.1, as {@code ./paas up})
     * @param vmNetwork the transfer range, e.g. 10.252.0.0/16 (one per machine: see the README)
     */
    public static QemuDriver netnsDriver(Path qemu, StateDir state, QemuDriver.AcceleratorMode mode, int memoryLimitMb,
                                         String address, String vmNetwork) throws IOException {
        Optional<String> missing = NetnsNetwork.unavailable();
        if (missing.isPresent()) {
            throw new IOException("the netns data path needs " + missing.get());
        }
        NetnsNetwork network = new NetnsNetwork(NetworkFacts.settings(state.root(),
                InstanceNet.checkTransfer(Ipv4.Cidr.parse("vmNetwork", vmNetwork)), address, address));
        network.prepareHost();
        return new QemuDriver(qemu, state, state.images(), mode, memoryLimitMb, Clock.systemUTC(), network);
    }

    /** Removes the unreachable route {@link #netnsDriver} (or an agent) added for a transfer range. */
    public static void removeTransferRoute(String vmNetwork) {
        NetnsNetwork.binary("ip").ifPresent(ip -> {
            try {
                NetnsNetwork.run(List.of(ip, "route", "delete", "unreachable",
                        Ipv4.Cidr.parse("vmNetwork", vmNetwork).toString()), null);
            } catch (IOException e) {
                System.getLogger("dev.paas.nodeagent.network").log(System.Logger.Level.WARNING,
                        "network.route-remove-failed error=\"" + e.getMessage() + "\"");
            }
        });
    }

    /**
     * Removes a stopped agent's namespaces, veths and nft table. Best effort, step by step: one
     * command that fails (a veth already gone with its namespace, say) is logged and the rest still
     * runs, the table's removal above all (one failed {@code ip link delete} used to leave it).
     */
    public static void removeAll(Path stateDir) {
        Optional<String> ip = NetnsNetwork.binary("ip");
        Optional<String> nft = NetnsNetwork.binary("nft");
        if (ip.isEmpty() || nft.isEmpty()) {
            return;
        }
        String tag = NetworkFacts.tag(stateDir);
        for (String line : output(List.of(ip.get(), "netns", "list")).split("\n")) {
            String name = line.strip().split(" ")[0];
            if (InstanceNet.instanceOfNetns(tag, name).isPresent()) {
                quietly(List.of(ip.get(), "netns", "delete", name), null);
            }
        }
        for (String line : output(List.of(ip.get(), "-o", "link", "show")).split("\n")) {
            String[] f = line.split(":\\s+", 3);
            String name = f.length > 1 ? f[1].split("@")[0] : "";
            if (InstanceNet.portOfVeth(tag, name).isPresent()) {
                quietly(List.of(ip.get(), "link", "delete", name), null);
            }
        }
        quietly(List.of(nft.get(), "-f", "-"), "add table ip " + NftScripts.hostTable(tag)
                + "\ndelete table ip " + NftScripts.hostTable(tag) + "\n");
    }

    private static String output(List<String> argv) {
        try {
            return NetnsNetwork.run(argv, null);
        } catch (IOException e) {
            warn(e);
            return "";
        }
    }

    private static void quietly(List<String> argv, String stdin) {
        try {
            NetnsNetwork.run(argv, stdin);
        } catch (IOException e) {
            warn(e);
        }
    }

    private static void warn(IOException e) {
        System.getLogger("dev.paas.nodeagent.network").log(System.Logger.Level.WARNING,
                "network.remove-all-failed error=\"" + e.getMessage() + "\"");
    }

    /**
     * {@code java -cp paas-node-agent.jar dev.paas.nodeagent.infra.AgentNetworks STATE_DIR}: what
     * {@code ./paas down} runs once the agent and its VMs are stopped, so a local platform leaves no
     * namespace, veth or nft table behind (an agent only removes its leftovers when it starts again).
     */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: AgentNetworks STATE_DIR (the stopped agent's --state-dir)");
            System.exit(2);
        }
        removeAll(Path.of(args[0]));
    }
}
