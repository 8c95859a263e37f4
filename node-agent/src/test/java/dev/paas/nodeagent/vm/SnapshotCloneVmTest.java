package dev.paas.nodeagent.vm;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.paas.model.DesiredInstance;
import dev.paas.model.HealthCheck;
import dev.paas.model.HealthCheckType;
import dev.paas.model.InstanceReport;
import dev.paas.model.InstanceState;
import dev.paas.model.NodeHeartbeat;
import dev.paas.model.SnapshotReport;
import dev.paas.nodeagent.core.HealthPolicy;
import dev.paas.nodeagent.core.Ipv4;
import dev.paas.nodeagent.infra.Agent;
import dev.paas.nodeagent.infra.AgentConfig;
import dev.paas.nodeagent.infra.AgentNetworks;
import dev.paas.nodeagent.infra.AgentServer;
import dev.paas.nodeagent.infra.Json;
import dev.paas.nodeagent.infra.QemuDriver;
import dev.paas.nodeagent.infra.StateDir;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapshot clones against real QEMU (TCG) on the netns data path: one instance boots cold and is
 * snapshotted once warm; two more of the same revision are restored from that snapshot, each in
 * its own namespace with the same guest addressing, and each is someone else (index, GUID,
 * endpoint, and what /dev/urandom gives after the restore); a corrupted snapshot means a cold
 * boot that says why. Two cold boots and two restores in all.
 */
@Tag("vm")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SnapshotCloneVmTest {

    private static final Duration BOOT = Duration.ofSeconds(120);
    /** The control plane's revision the desired instances name. */
    private static final long REVISION = 9;
    /** A transfer range of its own (the unreachable route for it goes at the end). */
    private static final String VM_NETWORK = "10.249.0.0/16";
    private static final Pattern TAKEN = Pattern.compile("paas-agent: snapshot ([0-9a-f]{24}) taken: .*");
    private static final Pattern RESTORED = Pattern.compile("paas-agent: restored from snapshot ([0-9a-f]{24}) in ([0-9]+) ms");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Path tmp;
    private Path stateDir;
    private StubControlPlane cp;
    private TestImages.Archive image;
    private Agent agent;
    private String key;

    @BeforeAll
    void setUp() throws Exception {
        tmp = Files.createTempDirectory("na-snap-");
        stateDir = tmp.resolve("state");
        cp = new StubControlPlane();
        image = TestImages.httpApp(5);
        cp.images.put(image.digest(), image.bytes());
        agent = new Agent(new AgentConfig(URI.create(cp.url()), StubControlPlane.JOIN_TOKEN, "node-1", "127.0.0.1",
                stateDir, 1024, 23400, 23499, 0, "127.0.0.1", Path.of("/usr/bin/qemu-system-x86_64"),
                QemuDriver.AcceleratorMode.TCG, 256L << 20, HealthPolicy.defaults(), AgentConfig.NetworkMode.NETNS,
                Ipv4.Cidr.parse("--vm-network", VM_NETWORK), 1L << 30), Clock.systemUTC());
        agent.start();
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
            AgentNetworks.removeTransferRoute(VM_NETWORK);
            StateDir.deleteTree(tmp);
        }
    }

    @Test
    @Order(1)
    void aWarmInstanceIsSnapshottedOnceAndItsClonesAreEachSomeoneElse() throws Exception {
        cp.desire(List.of(desired(31, 0)));
        awaitReports("31 RUNNING", r -> running(r, 31));
        String taken = awaitLine(31, TAKEN);
        System.out.println("snapshot vm test: " + taken);
        Matcher m = TAKEN.matcher(taken);
        assertThat(m.matches()).isTrue();
        key = m.group(1);
        Path dir = stateDir.resolve("snapshots").resolve(key);
        assertThat(Files.getPosixFilePermissions(stateDir.resolve("snapshots"))).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(dir.resolve("disk.img"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        JsonNode meta = Json.MAPPER.readTree(dir.resolve("snapshot.json").toFile());
        assertThat(meta.path("key").asText()).isEqualTo(key);
        assertThat(meta.path("memoryBytes").asLong()).isEqualTo(Files.size(dir.resolve("memory"))).isPositive();
        assertThat(meta.path("sha256").asText()).hasSize(64);
        assertThat(meta.path("crc32c").asLong()).isNotZero();
        assertThat(meta.path("parts").asText()).contains("image=" + image.digest()).contains("memoryMib=64");
        assertThat(meta.path("revision").asLong()).isEqualTo(REVISION);
        // The heartbeats report it, so the control plane places this revision's instances here.
        SnapshotReport reported = await("the snapshot in a heartbeat", () -> {
            NodeHeartbeat hb = cp.lastHeartbeat();
            return hb == null || hb.snapshots() == null ? null : hb.snapshots().stream().findFirst().orElse(null);
        }, Duration.ofSeconds(30));
        assertThat(reported.revisionId()).isEqualTo(REVISION);
        assertThat(reported.memoryMb()).isEqualTo(64);
        assertThat(reported.diskMb()).isEqualTo(64);
        assertThat(reported.accelerator()).isEqualTo(dev.paas.model.Accelerator.TCG);
        assertThat(reported.sizeBytes()).isGreaterThanOrEqualTo(meta.path("memoryBytes").asLong());

        cp.desire(List.of(desired(31, 0), desired(32, 1), desired(33, 2)));
        awaitReports("31-33 RUNNING", r -> running(r, 31, 32, 33));
        Set<String> randoms = new HashSet<>();
        for (long id = 31; id <= 33; id++) {
            int index = (int) (id - 31);
            if (id > 31) {
                String restored = awaitLine(id, RESTORED);
                System.out.println("snapshot vm test: instance " + id + ": " + restored);
                assertThat(restored).contains(key);
            }
            String body = get("http://" + endpoint(id) + "/identity");
            JsonNode identity = Json.MAPPER.readTree(body.lines().findFirst().orElseThrow());
            assertThat(identity.path("index").asInt()).as(body).isEqualTo(index);
            assertThat(identity.path("guid").asText()).isEqualTo("guid-" + id);
            assertThat(identity.path("ip").asText()).isEqualTo("127.0.0.1");
            assertThat("127.0.0.1:" + identity.path("port").asInt()).isEqualTo(endpoint(id));
            assertThat(identity.path("restored").asBoolean()).isEqualTo(id > 31);
            randoms.add(body.lines().filter(l -> l.startsWith("urandom=")).findFirst().orElseThrow());
        }
        assertThat(randoms).as("16 bytes of /dev/urandom read after the restore differ in every clone").hasSize(3);
    }

    @Test
    @Order(2)
    void aKilledClonesQemuComesBackFromTheSnapshot() throws Exception {
        long pid = VmFleet.pids(stateDir).get(32L);
        int from = cp.heartbeats.size();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        await("32 CRASHED", () -> cp.heartbeats.subList(Math.min(from, cp.heartbeats.size()), cp.heartbeats.size()).stream()
                .flatMap(hb -> hb.instances().stream())
                .filter(r -> r.instanceId() == 32 && r.state() == InstanceState.CRASHED).findFirst().orElse(null),
                Duration.ofSeconds(20));
        awaitReports("32 RUNNING again", r -> running(r, 32) && !Long.valueOf(pid).equals(pidOf(32)));
        String body = get("http://" + endpoint(32) + "/identity");
        assertThat(body).contains("\"index\":1").contains("\"restored\":true");
        long restores = awaitLines(32, RESTORED);
        System.out.println("snapshot vm test: 32 after the kill: " + awaitLine(32, Pattern.compile("paas-agent: (restore|restored) .*")));
        assertThat(restores).as("restored twice: at scale-out and after the kill").isEqualTo(2);
    }

    @Test
    @Order(3)
    void aCorruptSnapshotMeansAColdBootThatSaysWhy() throws Exception {
        Path memory = stateDir.resolve("snapshots").resolve(key).resolve("memory");
        try (RandomAccessFile f = new RandomAccessFile(memory.toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0xff);
        }
        cp.desire(List.of(desired(31, 0), desired(32, 1), desired(33, 2), desired(34, 3)));
        awaitReports("34 RUNNING", r -> running(r, 34));
        String failed = awaitLine(34, Pattern.compile("paas-agent: restore from snapshot " + key
                + " failed, booting cold \\(snapshot dropped\\): .*corrupt.*"));
        System.out.println("snapshot vm test: " + failed);
        JsonNode identity = Json.MAPPER.readTree(get("http://" + endpoint(34) + "/identity").lines().findFirst().orElseThrow());
        assertThat(identity.path("index").asInt()).isEqualTo(3);
        assertThat(identity.path("restored").asBoolean()).isFalse();
    }

    // ---- helpers ----------------------------------------------------------------------------

    private DesiredInstance desired(long id, int index) {
        return new DesiredInstance(id, "dev", "web", index, image.digest(), 64, new HealthCheck(HealthCheckType.HTTP, "/", 60),
                5, Map.of("CF_INSTANCE_INDEX", Integer.toString(index), "CF_INSTANCE_GUID", "guid-" + id), List.of(), 64)
                .withRevisionId(REVISION);
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
        return cp.lastHeartbeat().instances().stream().filter(r -> r.instanceId() == id).findFirst().orElseThrow().endpoint();
    }

    private void awaitReports(String what, Predicate<List<InstanceReport>> test) throws InterruptedException {
        await(what, () -> {
            NodeHeartbeat hb = cp.lastHeartbeat();
            return hb != null && test.test(hb.instances()) ? hb : null;
        }, BOOT);
    }

    /** The first log line of the instance matching {@code p}. */
    private String awaitLine(long id, Pattern p) throws InterruptedException {
        return await("a line " + p + " of " + id, () -> {
            try {
                String text = getAuthed("http://127.0.0.1:" + agent.agentPort()
                        + "/v1/instances/" + id + "/logs?recent=1000");
                if (text == null) {
                    return null;
                }
                List<AgentServer.LogEntry> l = Json.MAPPER.readValue(text, new TypeReference<>() {});
                return l.stream().map(AgentServer.LogEntry::text).filter(t -> p.matcher(t).matches()).findFirst().orElse(null);
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }, Duration.ofSeconds(60));
    }

    /** How many log lines of the instance match {@code p}, once there are at least two (or 60 s). */
    private long awaitLines(long id, Pattern p) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long n = 0;
        while (System.nanoTime() < deadline) {
            try {
                String text = getAuthed("http://127.0.0.1:" + agent.agentPort() + "/v1/instances/" + id + "/logs?recent=1000");
                if (text != null) {
                    List<AgentServer.LogEntry> l = Json.MAPPER.readValue(text, new TypeReference<>() {});
                    n = l.stream().filter(e -> p.matcher(e.text()).matches()).count();
                    if (n >= 2) {
                        return n;
                    }
                }
            } catch (IOException e) {
                // again
            }
            Thread.sleep(200);
        }
        return n;
    }

    private Long pidOf(long id) {
        try {
            return VmFleet.pids(stateDir).get(id);
        } catch (IOException e) {
            return null;
        }
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
        return r.statusCode() == 200 ? r.body() : null;
    }
}
