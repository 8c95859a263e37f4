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

    @Option(names = "--join-token", description = "the node pool's join token (paas_jt_...); needed on the first start")
    String joinToken;

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

    @Override
    public Integer call() throws Exception {
        String ip = InetAddress.getByName(address).getHostAddress();
        String[] range = portRange.split("-", 2);
        if (range.length != 2) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--port-range must be FIRST-LAST");
        }
        String nodeName = name != null ? name : InetAddress.getLocalHost().getHostName()
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
        AgentConfig config = new AgentConfig(controlPlane, joinToken, nodeName, ip, stateDir,
                (int) (AgentConfig.parseSize(memoryLimit) >> 20), Integer.parseInt(range[0].strip()),
                Integer.parseInt(range[1].strip()), agentPort, agentBind != null ? agentBind : ip,
                qemu.toAbsolutePath().normalize(),
                QemuDriver.AcceleratorMode.valueOf(accelerator.toUpperCase(Locale.ROOT)),
                AgentConfig.parseSize(imageCacheSize), HealthPolicy.defaults());
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

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
