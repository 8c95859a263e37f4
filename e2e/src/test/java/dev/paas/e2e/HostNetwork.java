package dev.paas.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host side of the node agent's data path, as a test sees it with {@code ip} and {@code nft}
 * (node-agent/README.md, "Network"): the agent's names derive from a tag of its state directory.
 */
final class HostNetwork {

    private HostNetwork() {}

    /** The agent's tag: 4 hex digits of SHA-256 of its state directory's absolute path. */
    static String tag(Path stateDir) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(
                    stateDir.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 2);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The namespaces and the host nftables table the agent of {@code stateDir} has now (empty: none). */
    static List<String> agentNetworks(Path stateDir) throws IOException, InterruptedException {
        String tag = tag(stateDir);
        List<String> out = new ArrayList<>();
        for (String line : run("ip", "netns", "list").split("\n")) {
            String name = line.strip().split(" ")[0];
            if (name.startsWith("paas-" + tag + "-")) {
                out.add("netns " + name);
            }
        }
        if (run("nft", "list", "tables").contains("table ip paas-" + tag + "\n")) {
            out.add("nft table ip paas-" + tag);
        }
        return out;
    }

    /** Removes the namespaces (and so the veths) and the nftables table of the agent of {@code stateDir}. */
    static void removeAgentNetworks(Path stateDir) {
        String tag = tag(stateDir);
        try {
            for (String line : run("ip", "netns", "list").split("\n")) {
                String name = line.strip().split(" ")[0];
                if (name.startsWith("paas-" + tag + "-")) {
                    run("ip", "netns", "delete", name);
                }
            }
            if (run("nft", "list", "tables").contains("table ip paas-" + tag + "\n")) {
                run("nft", "delete", "table", "ip", "paas-" + tag);
            }
        } catch (IOException | InterruptedException e) {
            System.err.println("e2e: could not remove the agent's networks: " + e.getMessage());
        }
    }

    /** The host-side address of the veth of the instance on {@code hostPort} ({@code pv<tag><port>}). */
    static Optional<String> hostVethAddress(Path stateDir, int hostPort) throws IOException, InterruptedException {
        Matcher m = Pattern.compile("inet ([0-9.]+)/30").matcher(run("ip", "-o", "-4", "addr", "show", "dev",
                "pv" + tag(stateDir) + hostPort));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The netns side of a /30 whose host side is {@code hostSide} (.1 → .2). */
    static String netnsSide(String hostSide) {
        int dot = hostSide.lastIndexOf('.');
        return hostSide.substring(0, dot + 1) + (Integer.parseInt(hostSide.substring(dot + 1)) + 1);
    }

    /** The host's IPv4 addresses other than the agents' and the tests' veths (the node's addresses). */
    static List<String> nodeAddresses() throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("^\\d+: (\\S+)\\s+inet ([0-9.]+)/", Pattern.MULTILINE)
                .matcher(run("ip", "-o", "-4", "addr", "show"));
        while (m.find()) {
            if (!m.group(1).startsWith("pv") && !m.group(1).startsWith("iso")) {
                out.add(m.group(2));
            }
        }
        return out;
    }

    static String run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", argv) + " failed: " + out.strip());
        }
        return out;
    }
}
