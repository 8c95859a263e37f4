package dev.paas.nodeagent.vm;

import dev.paas.model.DesiredInstance;
import dev.paas.model.EgressRule;
import dev.paas.model.HealthCheck;
import dev.paas.model.HealthCheckType;
import dev.paas.model.InstanceReport;
import dev.paas.model.InstanceState;
import dev.paas.model.NodeHeartbeat;
import dev.paas.nodeagent.core.HealthPolicy;
import dev.paas.nodeagent.infra.Agent;
import dev.paas.nodeagent.infra.AgentConfig;
import dev.paas.nodeagent.infra.AgentNetworks;
import dev.paas.nodeagent.infra.QemuDriver;
import dev.paas.nodeagent.infra.StateDir;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The netns data path's egress policy on a real guest (one boot, TCG): the test app's
 * {@code /connect/A.B.C.D/PORT} tries a TCP connection from inside the guest. A listener in a
 * network namespace of the test's own (which the host reaches) is refused with no rules, opened
 * by a desired egress rule while the instance runs (one desired list later, no reboot), still
 * refused on a port the rule does not name, and refused again when the rule goes. Even a rule
 * opening everything leaves the host (its gateway, its veth, a listener on all interfaces)
 * closed. A bad rule refuses the instance instead of starting it. A service endpoint on an
 * address of the host (as {@code ./paas up}'s PostgreSQL on {@code paas-svc0}) stays closed under
 * a rule opening everything, opens while {@code serviceEgress} names it (that port only), and
 * closes again when the binding goes.
 */
@Tag("vm")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EgressVmTest {

    private static final Duration BOOT = Duration.ofSeconds(120);
    private static final Path BUSYBOX = Path.of("/bin/busybox");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final long pid = ProcessHandle.current().pid();
    private final String ns = "paas-vmtest-eg-" + pid;
    private final String veth = "egv" + pid % 100000;
    private final String net = "10.78." + (10 + pid % 200);
    private Path tmp;
    private Path stateDir;
    private StubControlPlane cp;
    private TestImages.Archive image;
    private Agent agent;
    private Process listener;
    private ServerSocket anyListener;
    /** An address of the host's own, on an interface the test makes: where a bound service listens. */
    private final String svcLink = "esv" + pid % 100000;
    private final String svcAddress = "10.253." + (150 + pid % 50) + "." + (2 + pid % 250);
    private ServerSocket service;
    private ServerSocket otherService;

    @BeforeAll
    void setUp() throws Exception {
        assertThat(Path.of("/usr/bin/qemu-system-x86_64")).as("QEMU is required for vm tests").isExecutable();
        assertThat(BUSYBOX).as("Debian's busybox-static serves the test's private listener").isExecutable();
        tmp = Files.createTempDirectory("na-eg-");
        stateDir = tmp.resolve("state");
        cp = new StubControlPlane();
        image = TestImages.httpApp(5);
        cp.images.put(image.digest(), image.bytes());
        run("ip", "netns", "add", ns);
        run("ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns);
        run("ip", "addr", "add", net + ".1/24", "dev", veth);
        run("ip", "link", "set", veth, "up");
        run("ip", "-n", ns, "addr", "add", net + ".2/24", "dev", "eth0");
        run("ip", "-n", ns, "link", "set", "eth0", "up");
        run("ip", "-n", ns, "route", "add", "default", "via", net + ".1");
        Path www = Files.createDirectories(tmp.resolve("www"));
        Files.writeString(www.resolve("index.html"), "private\n");
        listener = new ProcessBuilder("ip", "netns", "exec", ns, BUSYBOX.toString(), "httpd", "-f", "-p",
                net + ".2:8000", "-h", www.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        anyListener = new ServerSocket();
        anyListener.bind(new InetSocketAddress("0.0.0.0", 0), 50);
        // Made before the agent starts, so it is one of the host's addresses the agent always denies.
        run("ip", "link", "add", svcLink, "type", "veth", "peer", "name", svcLink + "p");
        run("ip", "addr", "add", svcAddress + "/32", "dev", svcLink);
        run("ip", "link", "set", svcLink + "p", "up");
        run("ip", "link", "set", svcLink, "up");
        service = new ServerSocket();
        service.bind(new InetSocketAddress(svcAddress, 0), 50);
        otherService = new ServerSocket();
        otherService.bind(new InetSocketAddress(svcAddress, 0), 50);
    }

    @AfterAll
    void tearDown() throws Exception {
        try {
            if (agent != null) {
                agent.close();
            }
            if (cp != null) {
                cp.close();
            }
        } finally {
            VmFleet.killAll(stateDir);
            AgentNetworks.removeAll(stateDir);
            if (listener != null) {
                listener.destroyForcibly().waitFor();
            }
            if (anyListener != null) {
                anyListener.close();
            }
            for (ServerSocket l : new ServerSocket[] {service, otherService}) {
                if (l != null) {
                    l.close();
                }
            }
            try {
                run("ip", "link", "delete", svcLink);
            } catch (IOException ignored) {
                // never made
            }
            try {
                run("ip", "netns", "delete", ns);
            } catch (IOException ignored) {
                // never made
            }
            StateDir.deleteTree(tmp);
        }
    }

    @Test
    void egressRulesOpenWhatTheyNameWhileTheInstanceRuns() throws Exception {
        agent = new Agent(new AgentConfig(URI.create(cp.url()), StubControlPlane.JOIN_TOKEN, "node-eg", "127.0.0.1",
                stateDir, 512, 21100, 21199, 0, "127.0.0.1", Path.of("/usr/bin/qemu-system-x86_64"),
                QemuDriver.AcceleratorMode.TCG, 256L << 20, HealthPolicy.defaults()), Clock.systemUTC());
        agent.start();
        String target = net + ".2/8000";
        await("the private listener answers the host", () -> connects(net + ".2", 8000) ? true : null);

        long desiredAt = System.nanoTime();
        cp.desire(List.of(desired(21, List.of()), desired(22, List.of(new EgressRule("tcp", "10.0.0.1", "0")))));
        // boot-to-first-200 with this data path: poll the endpoint as soon as it is reported
        String early = await("21 has an endpoint", () -> report(21).map(InstanceReport::endpoint).orElse(null), BOOT);
        HttpClient quick = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(150)).build();
        await("the first 200 of 21", () -> {
            try {  // short attempts: a SYN lost before the guest's NIC is up would cost a 1 s retransmit
                return quick.send(HttpRequest.newBuilder(URI.create("http://" + early + "/")).timeout(Duration.ofSeconds(1))
                        .build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200 ? true : null;
            } catch (IOException | InterruptedException e) {
                return null;
            }
        }, BOOT, 20);
        long first200 = System.nanoTime();
        java.time.Instant qemuStart = Instant.parse(dev.paas.nodeagent.infra.Json.MAPPER
                .readTree(stateDir.resolve("vms/21/vm.json").toFile()).path("startedAt").asText());
        System.out.printf("egress vm test: desired list -> first 200 through the netns endpoint %.0f ms;"
                        + " QEMU start -> first 200 %d ms%n", (first200 - desiredAt) / 1e6,
                Duration.between(qemuStart, java.time.Instant.now()).toMillis() - (System.nanoTime() - first200) / 1_000_000);
        await("21 RUNNING, 22 refused", () -> report(21).filter(r -> r.state() == InstanceState.RUNNING)
                .flatMap(x -> report(22)).filter(r -> r.state() == InstanceState.CRASHED).orElse(null), BOOT);
        assertThat(report(22).orElseThrow().exitReason()).contains("invalid egress rule: egress[0].ports");
        assertThat(Files.exists(stateDir.resolve("vms/22/vm.json"))).as("a refused instance never boots").isFalse();
        String endpoint = report(21).orElseThrow().endpoint();
        long qemu = VmFleet.pids(stateDir).get(21L);
        assertThat(connect(endpoint, target)).as("no rules: nothing").startsWith("closed");

        long t0 = System.nanoTime();
        cp.desire(List.of(desired(21, List.of(new EgressRule("tcp", net + ".2", "8000")))));
        await("the rule reaches the running guest", () -> connect(endpoint, target).equals("open\n") ? true : null);
        System.out.printf("egress vm test: a desired egress change reached the running guest in %.2f s%n",
                (System.nanoTime() - t0) / 1e9);
        assertThat(connect(endpoint, net + ".2/8001")).as("a port the rule does not name").startsWith("closed");
        assertThat(VmFleet.pids(stateDir).get(21L)).as("no reboot").isEqualTo(qemu);

        // Everything allowed: the host still answers nothing (gateway, its veth, all-interfaces listener).
        cp.desire(List.of(desired(21, List.of(new EgressRule("all", "0.0.0.0/0", null)))));
        String hostSide = hostVethAddress(endpoint);
        int any = anyListener.getLocalPort();
        assertThat(connects(hostSide, any)).as("the host reaches its own listener at " + hostSide).isTrue();
        await("the open rule applies", () -> connect(endpoint, net + ".2/8000").equals("open\n") ? true : null);
        for (String t : List.of("10.0.2.2/" + any, hostSide + "/" + any, "127.0.0.1/" + agent.agentPort(),
                "10.0.2.2/" + agent.agentPort(), hostSide + "/" + agent.agentPort())) {
            assertThat(connect(endpoint, t)).as(t).startsWith("closed");
        }

        // A bound service on an address of the host: closed even now, open only while a binding names it.
        String bound = svcAddress + "/" + service.getLocalPort();
        String notBound = svcAddress + "/" + otherService.getLocalPort();
        assertThat(connects(svcAddress, service.getLocalPort())).as("the host reaches its service").isTrue();
        assertThat(connect(endpoint, bound)).as("a host address, whatever the security groups say").startsWith("closed");
        long t1 = System.nanoTime();
        cp.desire(List.of(desired(21, List.of(), List.of(new EgressRule("tcp", svcAddress,
                Integer.toString(service.getLocalPort()))))));
        await("the binding's endpoint reaches the running guest", () -> connect(endpoint, bound).equals("open\n") ? true : null);
        System.out.printf("egress vm test: a service endpoint reached the running guest in %.2f s%n",
                (System.nanoTime() - t1) / 1e9);
        assertThat(connect(endpoint, notBound)).as("another port of the same address").startsWith("closed");
        assertThat(connect(endpoint, target)).as("the security groups' rules are now none").startsWith("closed");
        assertThat(VmFleet.pids(stateDir).get(21L)).as("no reboot").isEqualTo(qemu);

        cp.desire(List.of(desired(21, List.of())));
        await("the rule is gone again", () -> connect(endpoint, target).startsWith("closed") ? true : null);
        await("the binding is gone again", () -> connect(endpoint, bound).startsWith("closed") ? true : null);
    }

    private DesiredInstance desired(long id, List<EgressRule> egress) {
        return desired(id, egress, List.of());
    }

    private DesiredInstance desired(long id, List<EgressRule> egress, List<EgressRule> serviceEgress) {
        return new DesiredInstance(id, "dev", "egress", (int) id - 21, image.digest(), 64,
                new HealthCheck(HealthCheckType.PORT, null, 60), 5, Map.of(), egress, DesiredInstance.DEFAULT_DISK_MB,
                serviceEgress);
    }

    private Optional<InstanceReport> report(long id) {
        NodeHeartbeat hb = cp.lastHeartbeat();
        return hb == null ? Optional.empty() : hb.instances().stream().filter(r -> r.instanceId() == id).findFirst();
    }

    /** The guest's answer to a connection attempt from inside it: "open\n" or "closed ...". */
    private String connect(String endpoint, String target) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + endpoint + "/connect/" + target))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return r.body();
        } catch (IOException | InterruptedException e) {
            return "error " + e;
        }
    }

    private String hostVethAddress(String endpoint) throws Exception {
        String port = endpoint.substring(endpoint.lastIndexOf(':') + 1);
        for (String line : run("ip", "-o", "-4", "addr", "show").split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 3 && f[1].matches("pv[0-9a-f]{4}" + port)) {
                return f[3].substring(0, f[3].indexOf('/'));
            }
        }
        throw new AssertionError("no host veth for port " + port);
    }

    private static boolean connects(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static <T> T await(String what, Supplier<T> probe) throws InterruptedException {
        return await(what, probe, Duration.ofSeconds(20));
    }

    private static <T> T await(String what, Supplier<T> probe, Duration timeout) throws InterruptedException {
        return await(what, probe, timeout, 200);
    }

    private static <T> T await(String what, Supplier<T> probe, Duration timeout, long everyMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            T v = probe.get();
            if (v != null) {
                return v;
            }
            Thread.sleep(everyMs);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    private static String run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", argv) + " failed: " + out.strip());
        }
        return out;
    }
}
