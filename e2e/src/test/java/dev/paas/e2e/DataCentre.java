package dev.paas.e2e;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A small data centre on one machine: network namespaces joined by a bridge, each with its own
 * address, as separate hosts would be. The test's own JVM reaches every namespace through the
 * bridge's address. Everything lives in a subnet {@code 10.99.N.0/24} of our own, made here and
 * removed by {@link #close()}: no traffic goes to the machine's real network.
 *
 * <p>Names carry {@code N} so two runs on one machine do not collide; interface names stay within
 * Linux's 15 characters.
 */
final class DataCentre implements AutoCloseable {

    private final int net = ThreadLocalRandom.current().nextInt(100, 200);
    private final String bridge = "pdc" + net;
    private final List<String> namespaces = new ArrayList<>();

    private DataCentre() {}

    static DataCentre create() throws IOException, InterruptedException {
        DataCentre dc = new DataCentre();
        dc.cleanLeftovers();
        ip("link", "add", dc.bridge, "type", "bridge");
        ip("addr", "add", dc.address(254) + "/24", "dev", dc.bridge);
        ip("link", "set", dc.bridge, "up");
        return dc;
    }

    /** {@code 10.99.N.host}. */
    String address(int host) {
        return "10.99." + net + "." + host;
    }

    /**
     * A host: namespace {@code pdcN-name} whose {@code eth0} has {@link #address(int) address(host)}
     * on the bridge, with loopback up and IPv4 forwarding on (a node agent routes for its VMs).
     */
    String host(String name, int host) throws IOException, InterruptedException {
        String ns = bridge + "-" + name;
        String outside = bridge + name;
        ip("netns", "add", ns);
        namespaces.add(ns);
        ip("link", "add", outside, "type", "veth", "peer", "name", "eth0", "netns", ns);
        ip("link", "set", outside, "master", bridge);
        ip("link", "set", outside, "up");
        ip("-n", ns, "addr", "add", address(host) + "/24", "dev", "eth0");
        ip("-n", ns, "link", "set", "eth0", "up");
        ip("-n", ns, "link", "set", "lo", "up");
        run("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        return ns;
    }

    /** Cuts a host off the bridge, as a pulled cable would: its packets go nowhere, nothing answers "refused". */
    void unplug(String name) throws IOException, InterruptedException {
        ip("link", "set", bridge + name, "down");
    }

    /** The command prefix that runs a program inside {@code ns}. */
    static List<String> in(String ns) {
        return List.of("ip", "netns", "exec", ns);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (String ns : namespaces) {
            // Deleting our end of the veth deletes both; a namespace itself lives on while
            // sockets of a cut host still retry, so its link must not wait for that.
            runQuietly("ip", "link", "delete", bridge + ns.substring(bridge.length() + 1));
            runQuietly("ip", "netns", "delete", ns);
        }
        runQuietly("ip", "link", "delete", bridge);
    }

    /** A run killed half-way leaves its namespaces; the next one with the same N removes them. */
    private void cleanLeftovers() throws IOException, InterruptedException {
        Process list = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
        String out = new String(list.getInputStream().readAllBytes());
        list.waitFor();
        for (String line : out.split("\n")) {
            String name = line.split(" ")[0];
            if (name.startsWith(bridge + "-")) {
                runQuietly("ip", "netns", "delete", name);
            }
        }
        Process links = new ProcessBuilder("ip", "-o", "link", "show").redirectErrorStream(true).start();
        String linkList = new String(links.getInputStream().readAllBytes());
        links.waitFor();
        for (String line : linkList.split("\n")) {
            String[] fields = line.split(":\\s+|@");
            if (fields.length > 1 && fields[1].startsWith(bridge) && !fields[1].equals(bridge)) {
                runQuietly("ip", "link", "delete", fields[1]);
            }
        }
        runQuietly("ip", "link", "delete", bridge);
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        run(cmd.toArray(String[]::new));
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
        }
    }

    private static void runQuietly(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor();
    }
}
