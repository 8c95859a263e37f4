package dev.paas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
 * the tests build on each other in order (boots under TCG cost seconds each).
 */
@Tag("vm")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeAgentE2ETest {

    static final Duration BOOT = Duration.ofSeconds(120);
    Platform platform;
    final String app = "/v1/spaces/default/apps/site";

    @BeforeAll
    void platform() throws Exception {
        platform = Platform.start("node-agent");
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
        Process bad = platform.launch("bad-agent", List.of("java", "-jar", Platform.ROOT.resolve("node-agent/target/paas-node-agent.jar").toString(),
                "--control-plane", platform.api(), "--join-token", "paas_jt_not-a-token", "--address", "127.0.0.1", "--name", "bad-node",
                "--state-dir", platform.dir.resolve("bad-agent").toString(), "--agent-port", Integer.toString(Platform.freePort())), Map.of());
        assertThat(bad.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("the agent gives up").isTrue();
        assertThat(bad.exitValue()).isEqualTo(2);
        assertThat(platform.status("GET", "/v1/nodes/bad-node", null)).isEqualTo(404);
        assertThat(Files.readString(platform.dir.resolve("bad-agent.log"))).contains("401").doesNotContain("Exception in thread");
    }

    @Test
    @Order(2)
    void anAgentJoinsHeartbeatsAndRunsThreeInstances() throws Exception {
        platform.startAgent("e2e");
        platform.await("node READY", Duration.ofSeconds(60), () -> "READY".equals(node().path("state").asText()));
        assertThat(node().path("accelerator").asText()).isIn("KVM", "TCG");
        assertThat(node().path("memoryMb").asInt()).isEqualTo(2048);

        platform.call("POST", "/v1/spaces/default/apps", Map.of("name", "site", "instances", 3, "memory", "64M"));
        stage(zip("index.html", "<h1>e2e site</h1>"));
        platform.call("POST", app + "/start", null);
        awaitRunning(3);
        for (JsonNode i : instances()) {
            assertThat(get("http://" + i.path("endpoint").asText() + "/")).contains("e2e site");
        }
    }

    @Test
    @Order(3)
    void aKilledVmIsReportedCrashedAndReplaced() throws Exception {
        ProcessHandle victim = platform.vms().get(0);
        victim.destroyForcibly();
        platform.await("a crash event", BOOT, () -> events().stream().anyMatch(e -> e.path("action").asText().equals("instance.crash")));
        JsonNode crash = events().stream().filter(e -> e.path("action").asText().equals("instance.crash")).findFirst().orElseThrow();
        // Whichever the agent notices first: the QEMU exit or the failed liveness check.
        assertThat(crash.path("details").path("reason").asText()).containsAnyOf("signal 9", "liveness check");
        awaitRunning(3);
        assertThat(platform.vms().stream().map(ProcessHandle::pid)).doesNotContain(victim.pid()).hasSize(3);
    }

    @Test
    @Order(4)
    void aRestartedAgentReadoptsItsVmsWhichKeepServing() throws Exception {
        awaitRunning(3);
        Set<Long> before = pids();
        platform.await("the app's own lines in its log stream", Duration.ofSeconds(30), () -> {
            try {
                return logs().contains("[APP/0] OUT");
            } catch (Exception e) {
                return false;
            }
        });
        platform.agent().destroyForcibly().waitFor();
        // The VMs outlive their agent.
        for (JsonNode i : instances()) {
            assertThat(get("http://" + i.path("endpoint").asText() + "/")).contains("e2e site");
        }
        platform.startAgent(List.of());
        // The new agent is up when its own endpoint answers (a recent heartbeat may still be the old one's).
        platform.await("the new agent listening", Duration.ofSeconds(90), () -> agentHealthy());
        Thread.sleep(6000);
        awaitRunning(3);
        assertThat(pids()).isEqualTo(before);
        for (JsonNode i : instances()) {
            assertThat(get("http://" + i.path("endpoint").asText() + "/")).contains("e2e site");
        }
        // Lines from before the restart are still there, through the re-adopted capture.
        platform.await("the instances' lines through the new agent", Duration.ofSeconds(30), () -> {
            try {
                return logs().contains("paas-httpd: serving /app");
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    @Order(5)
    void aGracefulStopEndsWithinTheGracePeriod() throws Exception {
        long version = platform.call("GET", app, null).path("version").asLong();
        long t0 = System.nanoTime();
        platform.call("PATCH", app, Map.of("version", version, "instances", 2));
        platform.await("index 2 gone", Duration.ofSeconds(30), () -> instances().size() == 2 && platform.vms().size() == 2);
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        // The grace period is 10 s; a static server exits on SIGTERM at once.
        assertThat(seconds).isLessThanOrEqualTo(12);
    }

    @Test
    @Order(6)
    void aCorruptImageIsRefusedAndReportedNeverBooted() throws Exception {
        platform.call("POST", "/v1/spaces/default/apps", Map.of("name", "broken", "instances", 1, "memory", "64M"));
        String digest = stageApp("/v1/spaces/default/apps/broken", zip("index.html", "<h1>will be corrupted</h1>"));
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
            List<JsonNode> list = instancesOf("/v1/spaces/default/apps/broken");
            return !list.isEmpty() && list.get(0).path("crashCount").asInt() > 0;
        });
        JsonNode i = instancesOf("/v1/spaces/default/apps/broken").get(0);
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

    List<JsonNode> instances() {
        return instancesOf(app);
    }

    boolean agentHealthy() {
        try {
            return platform.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.agentPort + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /** What the agent itself serves, asked with the key the control plane uses (for failure messages). */
    String agentView() {
        try {
            String credential = Files.readString(platform.dir.resolve("agent/credential")).strip();
            String key = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(credential.getBytes(StandardCharsets.UTF_8)));
            HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.agentPort + "/v1/instances"))
                    .header("Authorization", "Bearer " + key).build();
            return platform.http.send(r, HttpResponse.BodyHandlers.ofString()).body() + " / instances " + instances();
        } catch (Exception e) {
            return e.toString();
        }
    }

    List<JsonNode> instancesOf(String path) {
        try {
            List<JsonNode> out = new ArrayList<>();
            platform.call("GET", path + "/instances", null).forEach(out::add);
            return out;
        } catch (Exception e) {
            return List.of();
        }
    }

    List<JsonNode> events() {
        try {
            List<JsonNode> out = new ArrayList<>();
            platform.call("GET", "/v1/spaces/default/events?app=site&perPage=200", null).path("items").forEach(out::add);
            return out;
        } catch (Exception e) {
            return List.of();
        }
    }

    String logs() throws Exception {
        HttpResponse<String> r = platform.send("GET", app + "/logs", null);
        return r.body();
    }

    void awaitRunning(int n) throws InterruptedException {
        platform.await(n + " instances RUNNING", BOOT, () -> {
            List<JsonNode> list = instances();
            return list.size() == n && list.stream().allMatch(i -> i.path("state").asText().equals("RUNNING"));
        });
    }

    Set<Long> pids() {
        Set<Long> s = new TreeSet<>();
        platform.vms().forEach(h -> s.add(h.pid()));
        return s;
    }

    void stage(byte[] zip) throws Exception {
        new Apps(platform).stage("site", zip);
    }

    /** Uploads and stages bits for an app; returns the image digest. */
    String stageApp(String path, byte[] zip) throws Exception {
        return new Apps(platform).stage(path.substring(path.lastIndexOf('/') + 1), zip);
    }

    String get(String url) throws IOException, InterruptedException {
        return platform.http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static byte[] zip(String name, String content) throws IOException {
        return Apps.site(content);
    }
}
