package dev.paas.nodeagent.infra;

import dev.paas.nodeagent.core.HealthPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code node-agent}: the command line of the daemon. Exit 2 when the join token is refused. */
@Command(name = "node-agent", mixinStandardHelpOptions = true, version = Agent.VERSION,
        description = "Runs paas app instances as QEMU microVMs on this host.")
public final class Main implements Callable<Integer> {

    @Option(names = "--control-plane", required = true, description = "control plane base URL, e.g. http://10.0.0.1:8080")
    URI controlPlane;

    @Option(names = "--join-token", description = "the node pool's join token (paas_jt_...); needed on the first start."
            + " Shows in ps: prefer --join-token-file or the environment variable PAAS_JOIN_TOKEN")
    String joinToken;

    @Option(names = "--join-token-file", description = "file holding the join token (first line)")
    Path joinTokenFile;

    @Option(names = "--network", defaultValue = "netns", description = "netns (default: a network namespace, tap and"
            + " nftables rules per instance; needs CAP_NET_ADMIN) or user (QEMU user networking with restrict=on:"
            + " guests reach nothing, security groups do not apply)")
    String network;

    @Option(names = "--vm-network", defaultValue = AgentConfig.DEFAULT_VM_NETWORK,
            description = "transfer range, one /30 per instance (default: ${DEFAULT-VALUE})")
    String vmNetwork;

    @Option(names = "--address", required = true, description = "this node's address, where instances are reachable")
    String address;

    @Option(names = "--name", description = "node name (DNS label); default: the host name")
    String name;

    @Option(names = "--state-dir", defaultValue = "/var/lib/paas/node-agent", description = "state directory (default: ${DEFAULT-VALUE})")
    Path stateDir;

    @Option(names = "--memory-limit", defaultValue = "4G", description = "memory for instances (default: ${DEFAULT-VALUE})")
    String memoryLimit;

    @Option(names = "--port-range", defaultValue = "20000-20999", description = "host ports for instances (default: ${DEFAULT-VALUE})")
    String portRange;

    @Option(names = "--agent-port", defaultValue = "8901", description = "the agent's HTTP port (default: ${DEFAULT-VALUE})")
    int agentPort;

    @Option(names = "--agent-bind", description = "address the agent's HTTP port binds to; default: --address")
    String agentBind;

    @Option(names = "--qemu", defaultValue = "/usr/bin/qemu-system-x86_64", description = "QEMU binary (default: ${DEFAULT-VALUE})")
    Path qemu;

    @Option(names = "--accelerator", defaultValue = "auto", description = "auto (probe KVM, fall back to TCG), kvm or tcg")
    String accelerator;

    @Option(names = "--image-cache-size", defaultValue = "10G", description = "image cache cap (default: ${DEFAULT-VALUE})")
    String imageCacheSize;

    @Option(names = "--snapshot-budget", defaultValue = "10G",
            description = "disk for snapshot clones, least recently used deleted first; 0 turns them off (default: ${DEFAULT-VALUE})")
    String snapshotBudget;

    @Override
    public Integer call() throws Exception {
        String ip = InetAddress.getByName(address).getHostAddress();
        String[] range = portRange.split("-", 2);
        if (range.length != 2) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--port-range must be FIRST-LAST");
        }
        String nodeName = name != null ? name : InetAddress.getLocalHost().getHostName()
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
        AgentConfig.NetworkMode mode = switch (network) {
            case "netns" -> AgentConfig.NetworkMode.NETNS;
            case "user" -> AgentConfig.NetworkMode.USER;
            default -> throw new CommandLine.ParameterException(new CommandLine(this),
                    "--network must be netns or user, got: " + network);
        };
        if (mode == AgentConfig.NetworkMode.NETNS) {
            java.util.Optional<String> missing = NetnsNetwork.unavailable();
            if (missing.isPresent()) {
                System.err.println("node-agent: each instance gets a network namespace, a tap device and nftables"
                        + " rules, which needs " + missing.get() + ". Run the agent as root with iproute2 and nftables"
                        + " installed, or start it with --network user (QEMU user networking with restrict=on: guests"
                        + " reach nothing at all, security groups do not apply).");
                return 3;
            }
        }
        AgentConfig config = new AgentConfig(controlPlane, joinToken(), nodeName, ip, stateDir,
                (int) (AgentConfig.parseSize(memoryLimit) >> 20), Integer.parseInt(range[0].strip()),
                Integer.parseInt(range[1].strip()), agentPort, agentBind != null ? agentBind : ip,
                qemu.toAbsolutePath().normalize(),
                QemuDriver.AcceleratorMode.valueOf(accelerator.toUpperCase(Locale.ROOT)),
                AgentConfig.parseSize(imageCacheSize), HealthPolicy.defaults(), mode,
                dev.paas.nodeagent.core.Ipv4.Cidr.parse("--vm-network", vmNetwork),
                snapshotBudget.strip().equals("0") ? 0 : AgentConfig.parseSize(snapshotBudget));
        Agent agent = new Agent(config, Clock.systemUTC());
        try {
            agent.start();
        } catch (JoinRejectedException e) {
            System.err.println("node-agent: " + e.getMessage());
            return 2;
        }
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();  // VMs keep running; the next agent re-adopts them
            done.countDown();
        }, "shutdown"));
        done.await();
        return 0;
    }

    /** --join-token, else --join-token-file, else PAAS_JOIN_TOKEN (the last two stay out of ps). */
    private String joinToken() {
        try {
            return joinToken(joinToken, joinTokenFile, System.getenv("PAAS_JOIN_TOKEN"));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
    }

    /** The join token from the flag, else the file's first line, else the environment; null if none. */
    static String joinToken(String flag, Path file, String env) {
        if (flag != null) {
            return flag;
        }
        if (file != null) {
            String first;
            try {
                first = java.nio.file.Files.readAllLines(file).stream().findFirst().orElse("").strip();
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("--join-token-file " + file + " cannot be read: " + e);
            }
            if (first.isEmpty()) {
                throw new IllegalArgumentException("--join-token-file " + file + " is empty: its first line must be the token");
            }
            return first;
        }
        return env == null || env.isBlank() ? null : env.strip();
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
