package dev.paas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code ./paas up -d} is idempotent per component (issue 21): run twice it starts nothing more;
 * after a SIGKILL of the control plane, the router or the node agent it starts that one again and
 * only that one; a port someone else holds is reported, never answered by a second copy; the pid
 * files and {@code ./paas status} stay true; {@code ./paas down} leaves nothing. No app is pushed
 * (no VM boots): the test is about the platform's own processes.
 */
@Tag("vm")
class PaasUpDetachedE2ETest {

    static final Path DIR = Platform.ROOT.resolve("e2e/target/e2e/paas-up-d");
    static final Path DATA = DIR.resolve("data");
    static final Map<String, String> JARS = Map.of(
            "control-plane", "api/target/quarkus-app/quarkus-run.jar",
            "node-agent", "node-agent/target/paas-node-agent.jar",
            "router", "router/target/paas-router.jar");

    final LocalPlatform local = new LocalPlatform(DIR, Map.of());
    final int routerPort = local.routerPort;

    @AfterEach
    void leaveNothing() throws Exception {
        // Only when an assertion failed half-way: a passing test has run ./paas down itself.
        local.stopWhatIsLeft();
    }

    @Test
    void upDashDTwiceAndAfterEachCrashKeepsOneProcessPerComponentAndDownLeavesNothing() throws Exception {
        Platform.deleteTree(DIR);
        Files.createDirectories(DIR);

        LocalPlatform.Run first = paas("up", "-d");
        assertThat(first.code()).as(first.out()).isZero();
        assertThat(first.out()).contains("paas is up.");
        Map<String, Long> pids = onePerComponent();

        LocalPlatform.Run again = paas("up", "-d");
        assertThat(again.code()).as(again.out()).isZero();
        assertThat(again.out()).contains("the control plane is already running (pid " + pids.get("control-plane") + ")",
                "the node agent is already running (pid " + pids.get("node-agent") + ")",
                "the router is already running (pid " + pids.get("router") + ")").doesNotContain("==> starting");
        assertThat(onePerComponent()).isEqualTo(pids);
        assertStatus(pids);

        for (String crashed : List.of("control-plane", "router", "node-agent")) {
            ProcessHandle victim = ProcessHandle.of(pids.get(crashed)).orElseThrow();
            victim.destroyForcibly(); // SIGKILL: no shutdown hook, the pid file stays behind
            victim.onExit().get(30, TimeUnit.SECONDS);
            LocalPlatform.Run down = paas("status", "--json");
            assertThat(down.code()).as("status exits 1 while a component is down").isEqualTo(1);
            assertThat(component(down, crashed).get("health").asText()).isEqualTo("not running");
            assertThat(Files.exists(DATA.resolve("run/" + crashed + ".pid"))).as("status removed the stale pid file").isFalse();

            LocalPlatform.Run restart = paas("up", "-d");
            assertThat(restart.code()).as(restart.out()).isZero();
            assertThat(restart.out()).contains("==> starting the " + what(crashed));
            Map<String, Long> now = onePerComponent();
            assertThat(now.get(crashed)).as("a new " + crashed).isNotEqualTo(pids.get(crashed));
            for (String other : JARS.keySet()) {
                if (!other.equals(crashed)) {
                    assertThat(now.get(other)).as(other + " kept after the " + crashed + " crashed").isEqualTo(pids.get(other));
                }
            }
            pids = now;
            assertStatus(pids);
        }

        LocalPlatform.Run down = paas("down");
        assertThat(down.code()).as(down.out()).isZero();
        assertThat(down.out()).contains("router (pid " + pids.get("router") + ")", "node agent (pid " + pids.get("node-agent") + ")",
                "control plane (pid " + pids.get("control-plane") + ")");
        assertNothingLeft();

        // A port held by someone else: reported by name, nothing answers from a second copy.
        try (ServerSocket squatter = new ServerSocket(routerPort, 50, InetAddress.getLoopbackAddress())) {
            LocalPlatform.Run blocked = paas("up", "-d");
            assertThat(blocked.code()).as(blocked.out()).isEqualTo(1);
            assertThat(blocked.out()).contains("not starting the router: port " + routerPort + " is in use by pid "
                    + ProcessHandle.current().pid()).doesNotContain("paas is up.");
            LocalPlatform.Run status = paas("status", "--json");
            assertThat(status.code()).isEqualTo(1);
            assertThat(component(status, "router").get("health").asText()).isEqualTo("not running");
            assertThat(component(status, "router").get("detail").asText()).contains("port " + routerPort + " is in use");
            assertThat(component(status, "control-plane").get("health").asText()).isEqualTo("healthy");
        }
        assertThat(paas("down").code()).isZero();
        assertNothingLeft();
    }

    /** Exactly one process per component runs for this data directory, and its pid file names it. */
    Map<String, Long> onePerComponent() throws IOException {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (var e : JARS.entrySet()) {
            List<Long> running = ours().stream().filter(h -> command(h).contains("-jar " + Platform.ROOT.resolve(e.getValue())))
                    .map(ProcessHandle::pid).toList();
            assertThat(running).as("processes of the " + e.getKey()).hasSize(1);
            String file = Files.readString(DATA.resolve("run/" + e.getKey() + ".pid"), StandardCharsets.UTF_8).strip();
            assertThat(Long.parseLong(file)).as(e.getKey() + ".pid").isEqualTo(running.get(0));
            pids.put(e.getKey(), running.get(0));
        }
        return pids;
    }

    void assertStatus(Map<String, Long> pids) throws Exception {
        LocalPlatform.Run status = paas("status", "--json");
        assertThat(status.code()).as(status.out()).isZero();
        JsonNode tree = Platform.JSON.readTree(status.out());
        assertThat(tree.get("up").asBoolean()).isTrue();
        assertThat(tree.get("appVms").asInt()).isZero();
        for (var e : pids.entrySet()) {
            JsonNode c = component(status, e.getKey());
            assertThat(c.get("pid").asLong()).as(e.getKey()).isEqualTo(e.getValue());
            assertThat(c.get("health").asText()).as(e.getKey()).isEqualTo("healthy");
        }
        assertThat(component(status, "postgresql").get("health").asText()).isEqualTo("running");
        LocalPlatform.Run text = paas("status");
        assertThat(text.out()).contains("router").contains(Long.toString(pids.get("router"))).contains("app VMs");
    }

    void assertNothingLeft() throws Exception {
        assertThat(ours().stream().map(h -> h.pid() + " " + command(h)).toList()).as("processes of " + DATA).isEmpty();
        try (var files = Files.list(DATA.resolve("run"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".pid")).toList()).as("pid files").isEmpty();
        }
        LocalPlatform.Run status = paas("status", "--json");
        assertThat(status.code()).isEqualTo(1);
        for (String name : JARS.keySet()) {
            assertThat(component(status, name).get("health").asText()).isEqualTo("not running");
        }
        assertThat(HostNetwork.agentNetworks(DATA.resolve("node-agent"))).as("networks of the agent").isEmpty();
    }

    static JsonNode component(LocalPlatform.Run status, String name) throws IOException {
        for (JsonNode c : Platform.JSON.readTree(status.out()).get("components")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no " + name + " in " + status.out());
    }

    static String what(String component) {
        return component.replace('-', ' ');
    }

    List<ProcessHandle> ours() {
        return local.processes();
    }

    static String command(ProcessHandle h) {
        return PaasUpE2ETest.command(h);
    }

    LocalPlatform.Run paas(String... args) throws Exception {
        return local.paas(args);
    }
}
