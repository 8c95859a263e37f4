package dev.paas.nodeagent.infra;

import dev.paas.nodeagent.core.Ipv4;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What the netns data path learns from the host once at start: its addresses, resolver, tag. */
final class NetworkFacts {

    private static final System.Logger LOG = System.getLogger("dev.paas.nodeagent.network");

    private NetworkFacts() {}

    static NetnsNetwork.Settings settings(AgentConfig config, Path stateRoot) {
        return settings(stateRoot, config.vmNetwork(), config.address(), config.controlPlane().getHost());
    }

    /** The settings of an agent with this state directory, transfer range, address and control plane host. */
    static NetnsNetwork.Settings settings(Path stateRoot, Ipv4.Cidr vmNetwork, String address, String controlPlaneHost) {
        Set<String> denied = new LinkedHashSet<>();
        denied.add(address);
        denied.addAll(hostAddresses());
        denied.addAll(resolve(controlPlaneHost));
        return new NetnsNetwork.Settings(tag(stateRoot), vmNetwork, address, List.copyOf(denied),
                nameserver(Path.of("/etc/resolv.conf")), stateRoot.resolve("net"));
    }

    /** 4 hex digits of the state directory's path: several agents on one machine never share names. */
    static String tag(Path stateRoot) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(
                    stateRoot.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 2);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first IPv4 nameserver of resolv.conf that is not loopback (a guest could not use that). */
    static Optional<String> nameserver(Path resolvConf) {
        try {
            for (String line : Files.readAllLines(resolvConf)) {
                String[] f = line.strip().split("\\s+");
                if (f.length >= 2 && f[0].equals("nameserver")) {
                    try {
                        long a = Ipv4.parse("nameserver", f[1]);
                        if ((a >>> 24) != 127) {
                            return Optional.of(Ipv4.format(a));
                        }
                    } catch (IllegalArgumentException e) {
                        // IPv6 or junk: next line
                    }
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "network.resolv-conf-unreadable error=\"" + e.getMessage() + "\"");
        }
        return Optional.empty();
    }

    private static List<String> hostAddresses() {
        List<String> out = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        out.add(a.getHostAddress());
                    }
                }
            }
        } catch (SocketException e) {
            LOG.log(System.Logger.Level.WARNING, "network.interfaces-unreadable error=\"" + e.getMessage() + "\"");
        }
        return out;
    }

    private static List<String> resolve(String host) {
        List<String> out = new ArrayList<>();
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (a instanceof Inet4Address) {
                    out.add(a.getHostAddress());
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "network.control-plane-unresolved host=" + host);
        }
        return out;
    }
}
