package dev.paas.nodeagent.infra;

import dev.paas.nodeagent.core.InstanceNet;
import dev.paas.nodeagent.core.NftScripts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Removes everything of the netns data path that the agent of one state directory made: its
 * namespaces, host veths and host nftables table. For tests and tear-downs after the VMs are
 * killed (a running agent removes its own leftovers at start).
 */
public final class AgentNetworks {

    private AgentNetworks() {}

    public static void removeAll(Path stateDir) {
        Optional<String> ip = NetnsNetwork.binary("ip");
        Optional<String> nft = NetnsNetwork.binary("nft");
        if (ip.isEmpty() || nft.isEmpty()) {
            return;
        }
        String tag = NetworkFacts.tag(stateDir);
        try {
            for (String line : NetnsNetwork.run(List.of(ip.get(), "netns", "list"), null).split("\n")) {
                String name = line.strip().split(" ")[0];
                if (InstanceNet.instanceOfNetns(tag, name).isPresent()) {
                    NetnsNetwork.run(List.of(ip.get(), "netns", "delete", name), null);
                }
            }
            for (String line : NetnsNetwork.run(List.of(ip.get(), "-o", "link", "show"), null).split("\n")) {
                String[] f = line.split(":\\s+", 3);
                String name = f.length > 1 ? f[1].split("@")[0] : "";
                if (InstanceNet.portOfVeth(tag, name).isPresent()) {
                    NetnsNetwork.run(List.of(ip.get(), "link", "delete", name), null);
                }
            }
            NetnsNetwork.run(List.of(nft.get(), "-f", "-"), "add table ip " + NftScripts.hostTable(tag)
                    + "\ndelete table ip " + NftScripts.hostTable(tag) + "\n");
        } catch (IOException e) {
            System.getLogger("dev.paas.nodeagent.network").log(System.Logger.Level.WARNING,
                    "network.remove-all-failed error=\"" + e.getMessage() + "\"");
        }
    }
}
