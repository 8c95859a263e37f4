package dev.paas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The node agent against the real control plane and real QEMU. One platform for the class, and
 * the tests build on each other in order (boots under TCG cost seconds each). The app is the
 * native sample ({@code apps/native/hello.c}): it prints a line per request, so its output can be
 * followed across an agent restart, and says so when SIGTERM ends it, so a stop can be told from
 * a kill. What the agent did is read from its own log ({@code node-agent.log}, stable event names)
 * and its own endpoint, not only from what the control plane last stored.
 */
@Tag("vm")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeAgentE2ETest {

    static final Duration BOOT = Duration.ofSeconds(120);
    static final String HELLO = "hello from native!\n";
    /** What the control plane gives every instance to stop in (AgentService.GRACE_SECONDS). */
    static final Duration GRACE = Duration.ofSeconds(10);
    Platform platform;
    Apps apps;
    Path agentLog;
    final String app = "/v1/spaces/default/apps/hello";

    @BeforeAll
    void platform() throws Exception {
        platform = Platform.start("node-agent");
        apps = new Apps(platform);
        agentLog = platform.dir.resolve("node-agent.log");
    }

    @AfterAll
    void stop() throws Exception {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void aBadJoinTokenRegistersNothing() throws Exception {
        Set<String> before = nodeNames();
        Process bad = platform.launch("bad-agent", List.of("java", "-jar", Platform.ROOT.resolve("node-agent/target/paas-node-agent.jar").toString(),
                "--control-plane", platform.api(), "--join-token", "paas_jt_not-a-token", "--address", "127.0.0.1", "--name", "bad-node",
                "--state-dir", platform.dir.resolve("bad-agent").toString(), "--agent-port", Integer.toString(Platform.freePort())), Map.of());
        assertThat(bad.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("the agent gives up").isTrue();
        assertThat(bad.exitValue()).isEqualTo(2);
        assertThat(Files.readString(platform.dir.resolve("bad-agent.log")))
                .contains("SEVERE: agent.join-rejected status=401")
                .contains("node-agent: the control plane refused the join token (401)")
                .doesNotContain("agent.joined").doesNotContain("Exception in thread");
        assertThat(platform.status("GET", "/v1/nodes/bad-node", null)).isEqualTo(404);
        assertThat(nodeNames()).as("all nodes, before and after").isEqualTo(before).doesNotContain("bad-node");
        assertThat(Files.exists(platform.dir.resolve("bad-agent/credential"))).as("no credential stored").isFalse();
    }

    @Test
    @Order(2)
    void anAgentJoinsHeartbeatsAndRunsThreeInstances() throws Exception {
        platform.startAgent("e2e");
        platform.await("node READY", Duration.ofSeconds(60), () -> "READY".equals(node().path("state").asText()));
        JsonNode joined = node();
        assertThat(joined.path("accelerator").asText()).isIn("KVM", "TCG");
        assertThat(joined.path("memoryMb").asInt()).isEqualTo(2048);
        assertThat(joined.path("allocatedMb").asInt()).isZero();
        assertThat(nodeNames()).containsExactly("e2e-node");
        // Joining alone makes a node READY; its heartbeats (every 5 s) keep moving this on.
        Instant first = lastHeartbeat();
        platform.await("a heartbeat after the join", Duration.ofSeconds(30), () -> lastHeartbeat().isAfter(first));

        platform.call("POST", "/v1/spaces/default/apps", Map.of("name", "hello", "instances", 3, "memory", "64M"));
        Path bin = Apps.nativeHello(Files.createDirectories(platform.dir.resolve("work")));
        apps.stage("hello", Files.readAllBytes(bin), "hello-native");
        platform.call("POST", app + "/start", null);
        apps.awaitRunning("hello", 3, 0);
        for (JsonNode i : instances()) {
            assertThat(get("http://" + i.path("endpoint").asText() + "/")).isEqualTo(HELLO);
        }
        // A heartbeat sent since the instances run carries them: 3 x 64 MiB allocated.
        Instant running = lastHeartbeat();
        platform.await("a later heartbeat with the instances' memory", Duration.ofSeconds(30), () -> {
            JsonNode n = node();
            return instant(n).isAfter(running) && n.path("allocatedMb").asInt() == 3 * 64;
        });
        assertThat(node().path("instances").asInt()).isEqualTo(3);
        assertThat(agentReports()).hasSize(3).allSatisfy(r -> assertThat(r.path("state").asText()).isEqualTo("RUNNING"));
    }

    @Test
    @Order(3)
    void aKilledVmIsReportedCrashedWithItsKillAndReplaced() throws Exception {
        String endpoint = instance(0).path("endpoint").asText();
        ProcessHandle victim = vmServing(endpoint);
        long offset = Files.size(agentLog);
        victim.destroyForcibly();
        platform.await("the crash of index 0", BOOT, () -> crashOf(0) != null);
        // How QEMU ended, however the agent noticed (its inspection or a failed liveness check first).
        String reason = "QEMU (pid " + victim.pid() + ") was killed by signal 9 without an exit record";
        assertThat(crashOf(0).path("details").path("reason").asText()).startsWith(reason);
        assertThat(agentLogSince(offset)).containsPattern("instance\\.crashed instance=\\d+ reason=\"" + Pattern.quote(reason))
                .doesNotContain("liveness check");
        apps.awaitRunning("hello", 3, 0);
        assertThat(platform.vms().stream().map(ProcessHandle::pid)).doesNotContain(victim.pid()).hasSize(3);
        assertThat(get("http://" + instance(0).path("endpoint").asText() + "/")).isEqualTo(HELLO);
    }

    @Test
    @Order(4)
    void aRestartedAgentReadoptsItsVmsWhichKeepServingAndLogging() throws Exception {
        apps.awaitRunning("hello", 3, 0);
        Map<Integer, String> endpoints = new TreeMap<>();
        instances().forEach(i -> endpoints.put(i.path("index").asInt(), i.path("endpoint").asText()));
        Set<Long> before = pids();
        String mark = Long.toString(System.nanoTime(), 36);
        request(endpoints, "/before-" + mark);

        platform.agent().destroyForcibly().waitFor();
        Instant killed = Instant.now();
        long offset = Files.size(agentLog);
        // The VMs outlive their agent, and keep writing their output.
        request(endpoints, "/unwatched-" + mark);
        platform.startAgent(List.of());
        // Evidence from the new agent itself (the old one is dead): its heartbeat, its own view.
        platform.await("a heartbeat from the new agent", Duration.ofSeconds(90), () -> lastHeartbeat().isAfter(killed));
        platform.await("the new agent running 3 instances", BOOT, () -> {
            List<JsonNode> r = agentReports();
            return r.size() == 3 && r.stream().allMatch(x -> x.path("state").asText().equals("RUNNING"));
        });
        String log = agentLogSince(offset);
        assertThat(log).contains("agent.credential-loaded node=e2e-node");
        for (long pid : before) {
            assertThat(log).containsPattern("instance\\.adopted instance=\\d+ pid=" + pid + " endpoint=");
        }
        assertThat(log).doesNotContain("instance.started").doesNotContain("instance.adopted-dead")
                .doesNotContain("instance.crashed").doesNotContain("instance.stopping");
        assertThat(pids()).as("the same QEMU processes, none new").isEqualTo(before);
        apps.awaitRunning("hello", 3, 0);

        // Lines the apps print now reach the log stream through the new agent's capture.
        request(endpoints, "/adopted-" + mark);
        platform.await("every instance's lines, old and new, through the new agent", Duration.ofSeconds(30), () -> {
            String logs = logs();
            return endpoints.keySet().stream().allMatch(idx -> Stream.of("before", "unwatched", "adopted").allMatch(
                    what -> logs.contains("[APP/" + idx + "] OUT native hello: GET /" + what + "-" + mark + " HTTP/1.1")));
        });
    }

    @Test
    @Order(5)
    void aGracefulStopEndsWellWithinTheGracePeriodBySigterm() throws Exception {
        long offset = Files.size(agentLog);
        long version = platform.call("GET", app, null).path("version").asLong();
        long t0 = System.nanoTime();
        platform.call("PATCH", app, Map.of("version", version, "instances", 2));
        platform.await("index 2's VM gone", Duration.ofSeconds(30), () -> platform.vms().size() == 2);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        System.out.printf("node-agent e2e: scale-down request -> QEMU gone in %d ms%n", took.toMillis());
        assertThat(took).as("stopped long before SIGKILL at the end of the grace").isLessThan(GRACE.dividedBy(2));
        platform.await("index 2 gone", Duration.ofSeconds(30), () -> instances().size() == 2);

        // The agent's record: the init's exit record says the app exited by itself after SIGTERM.
        platform.await("the agent's stop line", Duration.ofSeconds(10), () -> agentLogSince(offset).contains("instance.stopped"));
        String log = agentLogSince(offset);
        Matcher stopping = Pattern.compile("instance\\.stopping instance=(\\d+) reason=\"no longer desired\"").matcher(log);
        assertThat(stopping.find()).as(log).isTrue();
        String id = stopping.group(1);
        assertThat(log).contains("instance.stopped instance=" + id + " reason=\"exited with code 0 (after SIGTERM)\"")
                .doesNotContain("vm.grace-over");
        // Its last words, kept by the agent: the grace it was given, the app's own line, the exit record.
        assertThat(agentGet("/v1/instances/" + id + "/logs?recent=1000"))
                .contains("stopping (no longer desired), grace " + GRACE.toSeconds() + " s")
                .contains("native hello: SIGTERM, exiting")
                .containsPattern("paas-exit status=exited code=0 stop=term uptime_ms=\\d+");
    }

    @Test
    @Order(6)
    void aCorruptImageIsRefusedAndReportedNeverBooted() throws Exception {
        platform.call("POST", "/v1/spaces/default/apps", Map.of("name", "broken", "instances", 1, "memory", "64M"));
        String digest = apps.stage("broken", Apps.site("<h1>will be corrupted</h1>"));
        Path dir = platform.dir.resolve("data/blobs/images/sha256/" + digest);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("initramfs")).toList()) {
                byte[] b = Files.readAllBytes(f);
                b[b.length / 2] ^= 0x5a;
                Files.write(f, b);
            }
        }
        int before = platform.vms().size();
        platform.call("POST", "/v1/spaces/default/apps/broken/start", null);
        platform.await("the broken instance reported", BOOT, () -> {
            List<JsonNode> list = apps.instances("broken");
            return !list.isEmpty() && list.get(0).path("crashCount").asInt() > 0;
        });
        JsonNode i = apps.instances("broken").get(0);
        assertThat(i.path("lastExit").asText()).contains("refused").contains("does not match image.json");
        assertThat(platform.vms()).hasSize(before);
    }

    // --- helpers -------------------------------------------------------------------------------

    JsonNode node() {
        try {
            return platform.call("GET", "/v1/nodes/e2e-node", null);
        } catch (Exception e) {
            return Platform.JSON.createObjectNode();
        }
    }

    /** The node's last heartbeat as the control plane stored it (the epoch before the first). */
    Instant lastHeartbeat() {
        return instant(node());
    }

    static Instant instant(JsonNode node) {
        String at = node.path("lastHeartbeatAt").asText("");
        return at.isEmpty() ? Instant.EPOCH : Instant.parse(at);
    }

    Set<String> nodeNames() throws Exception {
        Set<String> names = new TreeSet<>();
        platform.call("GET", "/v1/nodes?perPage=200", null).path("items").forEach(n -> names.add(n.path("name").asText()));
        return names;
    }

    List<JsonNode> instances() {
        return apps.instances("hello");
    }

    JsonNode instance(int index) {
        return instances().stream().filter(i -> i.path("index").asInt() == index).findFirst().orElseThrow();
    }

    /** The app's crash event for {@code index}, if any. */
    JsonNode crashOf(int index) {
        return events().stream().filter(e -> e.path("action").asText().equals("instance.crash")
                && e.path("details").path("index").asInt(-1) == index).findFirst().orElse(null);
    }

    /** The QEMU process whose port forward is {@code endpoint} (host:port). */
    ProcessHandle vmServing(String endpoint) throws IOException {
        // The agent's VM records name each QEMU's pid and host port (the endpoint is a DNAT rule
        // to the VM's network namespace, not a QEMU argument).
        int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
        java.util.Set<Long> pids = new java.util.HashSet<>();
        try (java.util.stream.Stream<Path> dirs = Files.list(platform.dir.resolve("agent/vms"))) {
            for (Path d : dirs.toList()) {
                Path f = d.resolve("vm.json");
                if (Files.exists(f)) {
                    com.fasterxml.jackson.databind.JsonNode r = Platform.JSON.readTree(f.toFile());
                    if (r.path("hostPort").asInt() == port) {
                        pids.add(r.path("pid").asLong());
                    }
                }
            }
        }
        List<ProcessHandle> found = platform.vms().stream().filter(h -> pids.contains(h.pid())).toList();
        assertThat(found).as("the QEMU forwarding " + endpoint).hasSize(1);
        return found.get(0);
    }

    /** A GET on the agent's own endpoint, with the key the control plane uses (the credential's SHA-256). */
    String agentGet(String path) throws Exception {
        String credential = Files.readString(platform.dir.resolve("agent/credential")).strip();
        String key = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(credential.getBytes(StandardCharsets.UTF_8)));
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.agentPort + path))
                .timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer " + key).build();
        HttpResponse<String> res = platform.http.send(r, HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(path + ": " + res.body()).isEqualTo(200);
        return res.body();
    }

    /** The instance reports the running agent would send in its next heartbeat (empty while none answers). */
    List<JsonNode> agentReports() {
        try {
            List<JsonNode> out = new ArrayList<>();
            Platform.JSON.readTree(agentGet("/v1/instances")).forEach(out::add);
            return out;
        } catch (Exception | AssertionError e) {
            return List.of();
        }
    }

    /** What the agent process(es) logged after {@code offset} bytes of the shared log file. */
    String agentLogSince(long offset) {
        try (RandomAccessFile f = new RandomAccessFile(agentLog.toFile(), "r")) {
            byte[] b = new byte[(int) Math.max(0, f.length() - offset)];
            f.seek(offset);
            f.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    List<JsonNode> events() {
        try {
            List<JsonNode> out = new ArrayList<>();
            platform.call("GET", "/v1/spaces/default/events?app=hello&perPage=200", null).path("items").forEach(out::add);
            return out;
        } catch (Exception e) {
            return List.of();
        }
    }

    String logs() {
        try {
            return platform.send("GET", app + "/logs", null).body();
        } catch (Exception e) {
            return "";
        }
    }

    Set<Long> pids() {
        Set<Long> s = new TreeSet<>();
        platform.vms().forEach(h -> s.add(h.pid()));
        return s;
    }

    /** Requests {@code path} from every instance; each answers, and prints the request line under its index. */
    void request(Map<Integer, String> endpoints, String path) throws IOException, InterruptedException {
        for (Map.Entry<Integer, String> e : endpoints.entrySet()) {
            assertThat(get("http://" + e.getValue() + path)).isEqualTo(HELLO);
        }
    }

    String get(String url) throws IOException, InterruptedException {
        return platform.http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
