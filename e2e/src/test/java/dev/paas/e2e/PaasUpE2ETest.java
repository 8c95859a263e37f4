package dev.paas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The README's first command as a newcomer runs it: {@code ./paas up} in the foreground, a push,
 * Ctrl-C, and {@code ./paas up} again. What it starts (control plane, embedded PostgreSQL, node
 * agent, router, the app's VM) must all be gone after each Ctrl-C, and the second start must find
 * the first one's data: the same admin password, the pushed app, serving again.
 */
@Tag("vm")
class PaasUpE2ETest {

    static final Path DIR = Platform.ROOT.resolve("e2e/target/e2e/paas-up");
    static final Pattern PASSWORD = Pattern.compile("user admin, password (\\S+)");

    final int apiPort = Platform.freePort();
    final int routerPort = Platform.freePort();
    final int routerAdminPort = Platform.freePort();
    final int agentPort = Platform.freePort();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    final List<Up> ups = new ArrayList<>();

    @AfterEach
    void stopWhatIsLeft() {
        // Only when an assertion failed half-way: a passing test has stopped everything itself.
        for (Up up : ups) {
            up.process.descendants().forEach(ProcessHandle::destroyForcibly);
            up.process.destroyForcibly();
        }
        leftovers().forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void upPrintsWhereAndHowToLogInAndCtrlCLeavesNothingRunningAndTheNextUpFindsTheData() throws Exception {
        Platform.deleteTree(DIR);
        Path site = Files.createDirectories(DIR.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<h1>kept across paas up</h1>\n");
        Cli cli = new Cli(DIR.resolve("cli"));

        Up first = start();
        assertThat(first.output()).contains("Dashboard and API   http://localhost:" + apiPort + "/")
                .contains("Router              http://localhost:" + routerPort + "/");
        String password = first.password();
        assertThat(password).hasSizeGreaterThanOrEqualTo(16);
        // The CLI is logged in by up, as its output says.
        Cli.Run push = cli.run(site, "push", "kept", "-p", ".", "-m", "64M");
        assertThat(push.code()).as(push.toString()).isZero();
        assertThat(routed("kept.localhost")).contains("kept across paas up");
        List<ProcessHandle> firstRun = first.started();
        assertThat(firstRun).as("control plane, PostgreSQL, node agent, router and the app's VM")
                .anyMatch(h -> command(h).contains("quarkus-run.jar"))
                .anyMatch(h -> command(h).contains("postgres"))
                .anyMatch(h -> command(h).contains("paas-node-agent.jar"))
                .anyMatch(h -> command(h).contains("paas-router.jar"))
                .anyMatch(h -> command(h).contains("qemu-system"));
        first.ctrlC();
        assertNothingLeft(firstRun);

        Up second = start();
        assertThat(second.password()).as("the admin password of the first start, read from its data").isEqualTo(password);
        Cli.Run apps = cli.run(site, "apps", "--json");
        assertThat(apps.code()).as(apps.toString()).isZero();
        assertThat(apps.out()).contains("\"kept\"");
        assertThat(routed("kept.localhost")).contains("kept across paas up");
        List<ProcessHandle> secondRun = second.started();
        second.ctrlC();
        assertNothingLeft(secondRun);
    }

    /** Starts {@code ./paas up} in a session of its own, as a terminal would, and waits until it says it is up. */
    Up start() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("setsid", Platform.ROOT.resolve("paas").toString(), "up")
                .directory(Platform.ROOT.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.remove("PAAS_ADMIN_PASSWORD");
        env.remove("PAAS_DB_URL");
        env.putAll(new HashMap<>(Map.of("PAAS_DATA_DIR", DIR.resolve("data").toString(), "PAAS_HOME", DIR.resolve("cli").toString(),
                "QUARKUS_HTTP_PORT", Integer.toString(apiPort), "PAAS_ROUTER_PORT", Integer.toString(routerPort),
                "PAAS_ROUTER_ADMIN_PORT", Integer.toString(routerAdminPort), "PAAS_AGENT_PORT", Integer.toString(agentPort))));
        Up up = new Up(pb.start());
        ups.add(up);
        up.awaitLine("paas is up.", Duration.ofMinutes(4));
        return up;
    }

    String routed(String host) throws Exception {
        long deadline = System.nanoTime() + Apps.BOOT.toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + routerPort + "/")).header("Host", host)
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                if (last.statusCode() == 200) {
                    return last.body();
                }
            } catch (IOException e) {
                // the router is not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError(host + " was not served within " + Apps.BOOT + "; last answer: "
                + (last == null ? "none" : last.statusCode() + " " + last.body()));
    }

    void assertNothingLeft(List<ProcessHandle> started) throws Exception {
        assertThat(started.stream().filter(PaasUpE2ETest::running).map(PaasUpE2ETest::describe).toList())
                .as("processes up started that still run after Ctrl-C").isEmpty();
        assertThat(leftovers().stream().map(PaasUpE2ETest::describe).toList()).as("processes still using " + DIR).isEmpty();
        assertThat(HostNetwork.agentNetworks(DIR.resolve("data/node-agent"))).as("the app VMs' networks after Ctrl-C").isEmpty();
    }

    /** Alive and not a zombie: an exited child waiting for its reaper runs nothing. */
    static boolean running(ProcessHandle h) {
        return h.isAlive() && !state(h).equals("Z");
    }

    static String state(ProcessHandle h) {
        try {
            String stat = Files.readString(Path.of("/proc/" + h.pid() + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        } catch (IOException | RuntimeException e) {
            return "gone";
        }
    }

    static String describe(ProcessHandle h) {
        return h.pid() + " (" + state(h) + ") " + command(h);
    }

    /** Processes naming this test's directory: PostgreSQL ({@code -D DIR/data/postgres}) and QEMU (the agent's state dir). */
    static List<ProcessHandle> leftovers() {
        String mark = DIR.toString();
        return ProcessHandle.allProcesses().filter(h -> command(h).contains(mark)).toList();
    }

    static String command(ProcessHandle h) {
        return h.info().commandLine().orElse("");
    }

    /** One {@code ./paas up} and what it printed. */
    static final class Up {
        final Process process;
        private final StringBuffer output = new StringBuffer();

        Up(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        output.append(line).append('\n');
                    }
                } catch (IOException e) {
                    output.append("(reading the output failed: ").append(e.getMessage()).append(")\n");
                }
            }, "paas-up-output");
            reader.setDaemon(true);
            reader.start();
        }

        String output() {
            return output.toString();
        }

        String password() {
            Matcher m = PASSWORD.matcher(output());
            assertThat(m.find()).as("a password in:\n" + output()).isTrue();
            return m.group(1);
        }

        void awaitLine(String text, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!output().contains(text)) {
                if (!process.isAlive()) {
                    throw new AssertionError("./paas up exited with " + process.exitValue() + " before '" + text + "':\n" + output());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("./paas up did not print '" + text + "' within " + timeout + ":\n" + output());
                }
                Thread.sleep(200);
            }
        }

        /** Everything running under it now: the platform's processes and what they started. */
        List<ProcessHandle> started() {
            List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
            // PostgreSQL is started through pg_ctl and so is not the control plane's child.
            for (ProcessHandle h : leftovers()) {
                all.add(h);
                all.addAll(h.descendants().toList());
            }
            return all.stream().distinct().toList();
        }

        /** Ctrl-C: SIGINT to the terminal's process group, which setsid made this script's. */
        void ctrlC() throws Exception {
            Process kill = new ProcessBuilder("kill", "-INT", "--", "-" + process.pid()).inheritIO().start();
            assertThat(kill.waitFor()).isZero();
            assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("./paas up stopped after Ctrl-C:\n" + output()).isTrue();
            assertThat(process.exitValue()).as(output()).isZero();
            assertThat(output()).contains("==> stopped");
        }
    }
}
