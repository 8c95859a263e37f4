package dev.paas.nodeagent.vm;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.paas.model.Accelerator;
import dev.paas.model.DesiredInstance;
import dev.paas.model.HealthCheck;
import dev.paas.model.HealthCheckType;
import dev.paas.model.InstanceReport;
import dev.paas.model.InstanceState;
import dev.paas.model.NodeHeartbeat;
import dev.paas.nodeagent.core.HealthPolicy;
import dev.paas.nodeagent.infra.Agent;
import dev.paas.nodeagent.infra.AgentConfig;
import dev.paas.nodeagent.infra.AgentServer;
import dev.paas.nodeagent.infra.JoinRejectedException;
import dev.paas.nodeagent.infra.Json;
import dev.paas.nodeagent.infra.QemuDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The agent against real QEMU (TCG here) and an in-test stub of the control plane protocol. One
 * fleet of three instances is booted once and then put through a crash, an agent restart, a
 * graceful stop and a corrupt image, in order, to keep the number of TCG boots small.
 */
@Tag("vm")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeAgentVmTest {

    private static final Duration BOOT = Duration.ofSeconds(120);
    private static final int GRACE = 10;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Path tmp;
    private Path stateDir;
    private StubControlPlane cp;
    private TestImages.Archive image;
    private Agent agent;
    private final List<DesiredInstance> fleet = new ArrayList<>();

    @BeforeAll
    void setUp() throws Exception {
        assertThat(Path.of("/usr/bin/qemu-system-x86_64")).as("QEMU is required for vm tests").isExecutable();
        tmp = Files.createTempDirectory("na-vm-");
        stateDir = tmp.resolve("state");
        cp = new StubControlPlane();
        image = TestImages.httpApp(5);
        cp.images.put(image.digest(), image.bytes());
        fleet.add(desired(11, 0, new HealthCheck(HealthCheckType.PORT, null, 60)));
        fleet.add(desired(12, 1, new HealthCheck(HealthCheckType.HTTP, "/health", 60)).withDiskMb(64));
        fleet.add(desired(13, 2, new HealthCheck(HealthCheckType.PROCESS, null, 60)));
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
            dev.paas.nodeagent.infra.AgentNetworks.removeAll(stateDir);
            dev.paas.nodeagent.infra.AgentNetworks.removeAll(tmp.resolve("rejected"));
            for (int attempt = 1; ; attempt++) {
                try {  // a download the closed agent's worker still finishes may add files meanwhile
                    dev.paas.nodeagent.infra.StateDir.deleteTree(tmp);
                    break;
                } catch (java.nio.file.DirectoryNotEmptyException e) {
                    if (attempt == 5) {
                        throw e;
                    }
                    Thread.sleep(500);
                }
            }
        }
    }

    @Test
    @Order(1)
    void aBadJoinTokenIsRefusedAndNothingRegisters() throws Exception {
        Path other = tmp.resolve("rejected");
        Agent a = new Agent(config(other, "paas_jt_wrong", QemuDriver.AcceleratorMode.TCG), Clock.systemUTC());
        assertThatThrownBy(a::start).isInstanceOf(JoinRejectedException.class).hasMessageContaining("401");
        assertThat(cp.joins).isEmpty();
        assertThat(other.resolve("credential")).doesNotExist();
    }

    @Test
    @Order(2)
    void joinsWithTheProbedAcceleratorAndRunsThreeInstances() throws Exception {
        agent = new Agent(config(stateDir, StubControlPlane.JOIN_TOKEN, QemuDriver.AcceleratorMode.AUTO), Clock.systemUTC());
        agent.start();
        assertThat(cp.joins).hasSize(1);
        assertThat(cp.joins.get(0).agentPort()).isEqualTo(agent.agentPort());
        assertThat(cp.joins.get(0).accelerator()).as("this host's KVM hangs guests: the probe must fall back")
                .isEqualTo(Accelerator.TCG);
        assertThat(Files.getPosixFilePermissions(stateDir.resolve("credential")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);

        long t0 = System.nanoTime();
        cp.desire(fleet);
        // Under load the first RUNNING report was seen with cpuSeconds 0 beside a positive rssBytes
        // (one /proc sample; cause not found): wait for a heartbeat that has CPU for all three.
        awaitReports("3 RUNNING, with their CPU and memory sampled", r -> running(r, 11, 12, 13)
                && r.stream().allMatch(x -> x.cpuSeconds() != null && x.cpuSeconds() > 0), BOOT);
        System.out.printf("node-agent vm test: 3 instances RUNNING after %.1f s%n", (System.nanoTime() - t0) / 1e9);
        for (InstanceReport r : cp.lastHeartbeat().instances()) {
            assertThat(get("http://" + r.endpoint() + "/")).isEqualTo("hello from paas\n");
            assertThat(r.healthy()).isTrue();
            assertThat(r.rssBytes()).isPositive();
            assertThat(r.cpuSeconds()).isPositive();
        }
        // The guests' own memory, from their balloons' statistics: within the 64 MiB limit, which
        // the VMs' host RSS (QEMU included) is not bound by.
        awaitReports("the guests' memory use", r -> r.stream().allMatch(x -> x.memoryUsedBytes() != null), Duration.ofSeconds(30));
        for (InstanceReport r : cp.lastHeartbeat().instances()) {
            assertThat(r.memoryUsedBytes()).isPositive().isLessThan(64L << 20);
        }
        // Each VM's writable disk: exactly its quota (Cloud Foundry's 1G unless set), sparse.
        assertThat(Files.size(stateDir.resolve("vms/11/disk.img"))).isEqualTo(1L << 30);
        assertThat(Files.size(stateDir.resolve("vms/12/disk.img"))).isEqualTo(64L << 20);
        NodeHeartbeat hb = cp.lastHeartbeat();
        assertThat(hb.allocatedMb()).isEqualTo(3 * 64);
        assertThat(hb.accelerator()).isEqualTo(Accelerator.TCG);
    }

    @Test
    @Order(3)
    void logsAndMetricsNeedTheNodeCredential() throws Exception {
        String base = "http://127.0.0.1:" + agent.agentPort();
        assertThat(status(base + "/v1/instances/11/logs", null)).isEqualTo(401);
        assertThat(status(base + "/v1/instances/11/logs", "paas_nc_wrong")).isEqualTo(401);
        assertThat(status(base + "/metrics", null)).isEqualTo(401);
        assertThat(status(base + "/v1/instances/999/logs", StubControlPlane.CREDENTIAL)).isEqualTo(404);
        assertThat(status(base + "/healthz", null)).isEqualTo(200);

        List<AgentServer.LogEntry> lines = awaitLogs(11, l -> l.stream().anyMatch(e -> e.text().equals("app: stderr works")));
        assertThat(lines).anySatisfy(e -> {
            assertThat(e.channel().name()).isEqualTo("OUT");
            assertThat(e.text()).isEqualTo("app: listening on 8080");
            assertThat(e.index()).isEqualTo(0);
        });
        assertThat(lines).anySatisfy(e -> assertThat(e.channel().name()).isEqualTo("ERR"));
        // Instance 11's port check passed only after the init had seen the app listen.
        AgentServer.LogEntry listening = lines.stream().filter(e -> e.text().startsWith("paas-init: app listening port=8080 "))
                .findFirst().orElseThrow(() -> new AssertionError("no listening line (a paas-kernel jar older than "
                        + "kernel/init? run with -pl kernel,node-agent): " + lines));
        AgentServer.LogEntry healthy = lines.stream().filter(e -> e.text().equals("paas-agent: healthy (port check)"))
                .findFirst().orElseThrow(() -> new AssertionError("not healthy: " + lines));
        assertThat(healthy.seq()).isGreaterThan(listening.seq());
        lines.stream().filter(e -> e.text().equals("app: listening on 8080")).findFirst().ifPresent(own ->
                System.out.printf("node-agent vm test: agent read the app's own listening line, the init's %d ms later, "
                        + "RUNNING %d ms after that%n", Duration.between(own.timestamp(), listening.timestamp()).toMillis(),
                        Duration.between(listening.timestamp(), healthy.timestamp()).toMillis()));

        String metrics = getAuthed(base + "/metrics");
        assertThat(metrics).contains("paas_node_instances{state=\"RUNNING\"} 3.0")
                .contains("paas_node_boots_total{result=\"started\"} 3.0")
                .contains("paas_node_boot_duration_seconds_count 3")
                .contains("paas_node_image_cache_hits_total")
                .contains("paas_node_image_cache_misses_total 1.0");

        // follow: the stream carries a line produced after it was opened
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/v1/instances/11/logs/follow"))
                .header("Authorization", "Bearer " + StubControlPlane.CREDENTIAL).build();
        var stream = http.send(req, HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        get("http://" + endpoint(11) + "/");
        Optional<String> line = stream.body().filter(l -> l.startsWith("data:") && l.contains("app: request")).findFirst();
        assertThat(line).isPresent();
    }

    @Test
    @Order(4)
    void aKilledQemuIsReportedCrashedWithItsReasonThenRestarted() throws Exception {
        long pid = VmFleet.pids(stateDir).get(12L);
        int from = cp.heartbeats.size();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        InstanceReport crashed = awaitReport(12, from, r -> r.state() == InstanceState.CRASHED, Duration.ofSeconds(20));
        assertThat(crashed.exitReason()).contains("killed by signal 9").contains("without an exit record");
        assertThat(crashed.healthy()).isFalse();
        // The stub keeps it desired: once the crash was reported, the agent boots it again.
        awaitReport(12, from, r -> r.state() == InstanceState.RUNNING && r.since().isAfter(crashed.since()), BOOT);
        assertThat(VmFleet.pids(stateDir).get(12L)).isNotEqualTo(pid);
        assertThat(get("http://" + endpoint(12) + "/")).isEqualTo("hello from paas\n");
    }

    @Test
    @Order(5)
    void aRestartedAgentReadoptsTheSameQemusAndTheirLogsContinue() throws Exception {
        Map<Long, Long> before = VmFleet.pids(stateDir);
        Object disk = Files.getAttribute(stateDir.resolve("vms/11/disk.img"), "unix:ino");
        get("http://" + endpoint(11) + "/");
        long requestsBefore = awaitLogs(11, l -> l.stream().anyMatch(e -> e.text().startsWith("app: request"))).stream()
                .filter(e -> e.text().startsWith("app: request")).count();
        agent.close();
        assertThat(before.values()).allSatisfy(pid -> assertThat(ProcessHandle.of(pid)).hasValueSatisfying(
                p -> assertThat(p.isAlive()).isTrue()));

        int heartbeatsBefore = cp.heartbeats.size();
        agent = new Agent(config(stateDir, StubControlPlane.JOIN_TOKEN, QemuDriver.AcceleratorMode.TCG), Clock.systemUTC());
        agent.start();
        assertThat(cp.joins).as("the stored credential is reused").hasSize(1);
        awaitReports("3 RUNNING after restart", r -> cp.heartbeats.size() > heartbeatsBefore && running(r, 11, 12, 13),
                Duration.ofSeconds(30));
        assertThat(VmFleet.pids(stateDir)).isEqualTo(before);
        assertThat(Files.getAttribute(stateDir.resolve("vms/11/disk.img"), "unix:ino")).as("the same disk").isEqualTo(disk);
        for (long id : List.of(11L, 12L, 13L)) {
            assertThat(get("http://" + endpoint(id) + "/")).isEqualTo("hello from paas\n");
        }
        List<AgentServer.LogEntry> lines = awaitLogs(11, l -> l.stream()
                .filter(e -> e.text().startsWith("app: request")).count() > requestsBefore);
        assertThat(lines).anySatisfy(e -> assertThat(e.text()).isEqualTo("app: listening on 8080"));
        assertThat(lines).anySatisfy(e -> assertThat(e.text()).contains("re-adopted QEMU pid " + before.get(11L)));
    }

    @Test
    @Order(6)
    void aGracefulStopFinishesInsideTheGracePeriod() throws Exception {
        long pid = VmFleet.pids(stateDir).get(13L);
        long t0 = System.nanoTime();
        int from = cp.heartbeats.size();
        cp.desire(fleet.subList(0, 2));
        InstanceReport stopped = awaitReport(13, from, r -> r.state() == InstanceState.STOPPED, Duration.ofSeconds(GRACE + 5));
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("node-agent vm test: graceful stop took %.1f s (grace %d s)%n", seconds, GRACE);
        assertThat(seconds).isLessThan(GRACE);
        assertThat(stopped.exitReason()).contains("exited with code 0").contains("after SIGTERM");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        List<AgentServer.LogEntry> lines = awaitLogs(13, l -> l.stream().anyMatch(e -> e.text().equals("app: got SIGTERM")));
        assertThat(lines).isNotEmpty();
        // once the STOPPED report was acknowledged, the agent forgets the VM
        awaitReports("13 forgotten", r -> r.stream().noneMatch(x -> x.instanceId() == 13), Duration.ofSeconds(15));
        assertThat(stateDir.resolve("vms/13")).doesNotExist();
    }

    @Test
    @Order(7)
    void aCorruptImageIsRefusedAndReportedNotBooted() throws Exception {
        String digest = "b".repeat(64);
        byte[] wrong = image.bytes().clone();
        wrong[wrong.length / 2] ^= 1;
        cp.images.put(digest, wrong);
        List<DesiredInstance> next = new ArrayList<>(fleet.subList(0, 2));
        next.add(new DesiredInstance(21, "dev", "bad", 0, digest, 64, null, GRACE, Map.of()));
        cp.desire(next);
        InstanceReport r = awaitReport(21, 0, x -> x.state() == InstanceState.CRASHED, Duration.ofSeconds(30));
        assertThat(r.exitReason()).contains("digest mismatch").contains(digest).contains(TestImages.sha256(wrong));
        assertThat(stateDir.resolve("vms/21")).doesNotExist();
        assertThat(stateDir.resolve("images/" + digest)).doesNotExist();
        try (var files = Files.list(stateDir.resolve("images"))) {
            // (a retry may be downloading into a dot-file right now: the stub keeps the instance desired)
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")))
                    .containsExactly(image.digest());
        }
    }

    @Test
    @Order(8)
    void anAgentProcessKilledWithSigkillLeavesItsVmsToTheNextAgent() throws Exception {
        agent.close();
        Map<Long, Long> before = VmFleet.pids(stateDir);
        assertThat(before).containsKeys(11L, 12L);
        int heartbeatsBefore = cp.heartbeats.size();
        Path out = tmp.resolve("agent-process.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.paas.nodeagent.infra.Main",
                "--control-plane", cp.url(), "--join-token", StubControlPlane.JOIN_TOKEN, "--address", "127.0.0.1",
                "--name", "node-1", "--state-dir", stateDir.toString(), "--agent-port", "0", "--port-range", "21000-21099",
                "--accelerator", "tcg", "--memory-limit", "1G", "--image-cache-size", "256M")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            awaitReports("the agent process reports 11 and 12 RUNNING",
                    r -> cp.heartbeats.size() > heartbeatsBefore + 1 && running(r, 11, 12), Duration.ofSeconds(60));
        } finally {
            p.destroyForcibly();  // SIGKILL: no shutdown hook runs
            p.waitFor();
        }
        assertThat(Files.readString(out)).contains("instance.adopted instance=11 pid=" + before.get(11L));
        assertThat(p.exitValue()).isEqualTo(137);
        assertThat(VmFleet.pids(stateDir)).containsAllEntriesOf(Map.of(11L, before.get(11L), 12L, before.get(12L)));

        agent = new Agent(config(stateDir, StubControlPlane.JOIN_TOKEN, QemuDriver.AcceleratorMode.TCG), Clock.systemUTC());
        agent.start();
        int afterKill = cp.heartbeats.size();
        awaitReports("11 and 12 RUNNING after the kill", r -> cp.heartbeats.size() > afterKill && running(r, 11, 12),
                Duration.ofSeconds(30));
        assertThat(VmFleet.pids(stateDir)).containsAllEntriesOf(Map.of(11L, before.get(11L), 12L, before.get(12L)));
        assertThat(get("http://" + endpoint(11) + "/")).isEqualTo("hello from paas\n");
        assertThat(awaitLogs(11, l -> l.stream().anyMatch(e -> e.text().startsWith("app: request")))).isNotEmpty();
    }

    // ---- helpers ----------------------------------------------------------------------------

    private AgentConfig config(Path state, String token, QemuDriver.AcceleratorMode mode) {
        return new AgentConfig(URI.create(cp.url()), token, "node-1", "127.0.0.1", state, 1024, 21000, 21099, 0,
                "127.0.0.1", Path.of("/usr/bin/qemu-system-x86_64"), mode, 256L << 20, HealthPolicy.defaults());
    }

    private DesiredInstance desired(long id, int index, HealthCheck check) {
        return new DesiredInstance(id, "dev", "web", index, image.digest(), 64, check, GRACE, Map.of());
    }

    private static boolean running(List<InstanceReport> reports, long... ids) {
        for (long id : ids) {
            if (reports.stream().noneMatch(r -> r.instanceId() == id && r.state() == InstanceState.RUNNING)) {
                return false;
            }
        }
        return true;
    }

    private String endpoint(long id) {
        return cp.lastHeartbeat().instances().stream().filter(r -> r.instanceId() == id).findFirst()
                .orElseThrow().endpoint();
    }

    private List<InstanceReport> awaitReports(String what, Predicate<List<InstanceReport>> test, Duration timeout)
            throws InterruptedException {
        return await(what, () -> {
            NodeHeartbeat hb = cp.lastHeartbeat();
            return hb != null && test.test(hb.instances()) ? hb.instances() : null;
        }, timeout);
    }

    /**
     * The first report of instance {@code id} that passes {@code test} in the heartbeats from
     * index {@code from} on: the agent sends one on every change, so a short-lived state (CRASHED
     * before its restart, STOPPED before it is forgotten) may be in none but one of them.
     */
    private InstanceReport awaitReport(long id, int from, Predicate<InstanceReport> test, Duration timeout)
            throws InterruptedException {
        return await("instance " + id, () -> {
            List<NodeHeartbeat> all = List.copyOf(cp.heartbeats);
            return all.subList(Math.min(from, all.size()), all.size()).stream().flatMap(hb -> hb.instances().stream())
                    .filter(r -> r.instanceId() == id && test.test(r)).findFirst().orElse(null);
        }, timeout);
    }

    private List<AgentServer.LogEntry> awaitLogs(long id, Predicate<List<AgentServer.LogEntry>> test)
            throws InterruptedException {
        return await("logs of " + id, () -> {
            try {
                List<AgentServer.LogEntry> l = Json.MAPPER.readValue(
                        getAuthed("http://127.0.0.1:" + agent.agentPort() + "/v1/instances/" + id + "/logs?recent=1000"),
                        new TypeReference<>() {});
                return test.test(l) ? l : null;
            } catch (IOException | InterruptedException e) {
                return null;
            }
        }, Duration.ofSeconds(15));
    }

    private <T> T await(String what, Supplier<T> probe, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            T v = probe.get();
            if (v != null) {
                return v;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting for " + what + "; last heartbeat: " + cp.lastHeartbeat());
    }

    private String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private String getAuthed(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + StubControlPlane.CREDENTIAL)
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private int status(String url, String credential) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (credential != null) {
            b.header("Authorization", "Bearer " + credential);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
