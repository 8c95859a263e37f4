package dev.paas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What the tests that push with the CLI share: a whole platform (control plane, one node agent,
 * the router) started once per class under {@code target/e2e/<name>}, a work directory and a CLI
 * logged in as the admin; all stopped after the class. Also what the snapshot and scale-to-zero
 * tests read: an app's CELL lines, its instances, its wake from idle.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CliPlatformTest {

    static final Duration GENEROUS = Duration.ofSeconds(240);
    static final Pattern CELL = Pattern.compile("^(\\S+) \\[CELL/(\\d+)] OUT (.*)$", Pattern.MULTILINE);
    static final Pattern TAKEN = Pattern.compile("snapshot ([0-9a-f]{24}) taken: (.*)");
    static final Pattern RESTORED = Pattern.compile("restored from snapshot ([0-9a-f]{24}) in (\\d+) ms");
    static final Pattern NOT_TAKEN = Pattern.compile("no snapshot taken: (.*)");
    static final Pattern COLD = Pattern.compile("restore from snapshot ([0-9a-f]{24}) failed, booting cold \\(snapshot dropped\\): (.*)");
    /** The RTR line of a request held while its app woke: path, total ms, wake ms. */
    static final Pattern WAKE = Pattern.compile("GET (\\S+) 200 \\d+ bytes (\\d+) ms wake_ms=(\\d+) ");

    /** One CELL line of {@code paas logs --recent}. */
    record Cell(Instant at, int index, String text) {
    }

    /** A request through the router that woke its app: the response, and its RTR line's numbers. */
    record Wake(HttpResponse<String> response, long clientMillis, long totalMillis, long wakeMillis) {
    }

    Platform platform;
    Cli cli;
    Path work;

    /** The platform's directory name under {@code target/e2e/}. */
    abstract String platformName();

    @BeforeAll
    void platform() throws Exception {
        platform = Platform.start(platformName());
        platform.startAgent("e2e");
        platform.startRouter();
        work = Files.createDirectories(platform.dir.resolve("work"));
        cli = platform.loggedInCli(work);
    }

    /**
     * The secret is in none of the app's log lines (recent) or events, none of the platform's
     * process logs, and none of the agent's cached image files.
     */
    void assertSecretNowhere(String app, String secret) throws Exception {
        Cli.Run logs = cli.run(work, "logs", app, "--recent");
        Cli.Run events = cli.run(work, "events", app);
        assertThat(events.code()).as(events.toString()).isZero();
        assertThat(logs.out() + logs.err() + events.out()).doesNotContain(secret);
        for (String log : new String[] {"control-plane.log", "node-agent.log", "router.log"}) {
            Path file = platform.dir.resolve(log);
            if (Files.exists(file)) {
                assertThat(Files.readString(file)).as(log).doesNotContain(secret);
            }
        }
        try (Stream<Path> files = Files.walk(platform.dir.resolve("agent"))) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> f.toString().contains("/images/")).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
                        .as("cached image file " + f).doesNotContain(secret);
            }
        }
    }

    /** Waits until {@code host} answers {@code /} with 200 through the router; returns that body. */
    String routed(String host) throws InterruptedException {
        String[] body = new String[1];
        platform.await(host + " answers through the router", Duration.ofSeconds(120), () -> {
            try {
                HttpResponse<String> r = platform.viaRouter(host, "/");
                body[0] = r.body();
                return r.statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
        return body[0];
    }

    JsonNode app(String app) {
        try {
            return platform.call("GET", Apps.path(app), null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    List<JsonNode> instances(String app) {
        return new Apps(platform).instances(app);
    }

    void awaitRunningHealthy(String app, int n) throws InterruptedException {
        platform.await(n + " instances of " + app + " RUNNING and healthy", GENEROUS, () -> {
            List<JsonNode> list = instances(app);
            return list.size() == n && list.stream().allMatch(i -> i.path("state").asText().equals("RUNNING")
                    && i.path("healthy").asBoolean(false) && !i.path("endpoint").isNull());
        });
    }

    /** {@code host:port} of the RUNNING instance {@code index} of {@code app}, from the API's list. */
    String endpoint(String app, int index) {
        return instances(app).stream().filter(i -> i.path("index").asInt() == index && i.path("state").asText().equals("RUNNING"))
                .map(i -> i.path("endpoint").asText()).findFirst()
                .orElseThrow(() -> new AssertionError("no RUNNING instance " + index + ": " + instances(app)));
    }

    static int port(String endpoint) {
        return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }

    /** {@code paas logs APP --recent} ("" when the CLI fails). */
    String recentLogs(String app) {
        try {
            return cli.run(work, "logs", app, "--recent").out();
        } catch (Exception e) {
            return "";
        }
    }

    /** The CELL lines of {@code paas logs APP --recent}. */
    List<Cell> cells(String app) {
        List<Cell> out = new ArrayList<>();
        Matcher m = CELL.matcher(recentLogs(app));
        while (m.find()) {
            out.add(new Cell(Instant.parse(m.group(1)), Integer.parseInt(m.group(2)), m.group(3)));
        }
        return out;
    }

    /**
     * Waits for a CELL line of instance {@code index} (-1: any), at or after {@code after}, that
     * {@code pattern} or {@code instead} (the other outcome, so a wrong one fails at once, not at the
     * deadline) finds.
     */
    Cell awaitCell(String app, String what, Instant after, int index, Pattern pattern, Pattern instead)
            throws InterruptedException {
        Cell[] found = new Cell[1];
        platform.await(what + " (CELL/" + (index < 0 ? "*" : index) + " '" + pattern + "')", GENEROUS, () -> {
            Optional<Cell> c = cells(app).stream().filter(l -> (index < 0 || l.index() == index) && !l.at().isBefore(after)
                    && (pattern.matcher(l.text()).find() || instead.matcher(l.text()).find())).findFirst();
            c.ifPresent(l -> found[0] = l);
            return c.isPresent();
        });
        System.out.println("e2e " + app + " CELL/" + found[0].index() + " " + found[0].text());
        return found[0];
    }

    /** The snapshot key of a TAKEN line (fails with the line when it says none was taken). */
    static Matcher taken(Cell c) {
        Matcher m = TAKEN.matcher(c.text());
        assertThat(m.find()).as("the snapshot was taken: " + c.text()).isTrue();
        return m;
    }

    static long restoredMillis(Cell c, String key) {
        Matcher m = RESTORED.matcher(c.text());
        assertThat(m.find()).as("restored, not: " + c.text()).isTrue();
        assertThat(m.group(1)).as("restored from the snapshot taken").isEqualTo(key);
        return Long.parseLong(m.group(2));
    }

    /** From the agent's "starting instance" CELL line to its "healthy" one: the cold boot of instance {@code index}. */
    long coldBootMillis(String app, int index) {
        List<Cell> all = cells(app).stream().filter(c -> c.index() == index).toList();
        Instant start = all.stream().filter(c -> c.text().contains("starting instance")).map(Cell::at).findFirst()
                .orElseThrow(() -> new AssertionError("no 'starting instance' line: " + all));
        Instant healthy = all.stream().filter(c -> c.text().contains("healthy (")).map(Cell::at).findFirst()
                .orElseThrow(() -> new AssertionError("no 'healthy' line: " + all));
        return Duration.between(start, healthy).toMillis();
    }

    /**
     * Waits until {@code app} is idle (not before {@code seconds} after {@code lastRequest}, a
     * {@link System#nanoTime()}): the API says so, it has no instance and no QEMU runs. Returns the
     * seconds it took since that last request.
     */
    double awaitIdle(String app, int seconds, long lastRequest) throws InterruptedException {
        platform.await(app + " to go idle", Duration.ofSeconds(seconds + 70), () -> app(app).path("idle").asBoolean());
        double idleAfter = (System.nanoTime() - lastRequest) / 1e9;
        assertThat(idleAfter).as("not before its " + seconds + " s idle timeout").isGreaterThanOrEqualTo(seconds);
        platform.await("no instance of " + app, Duration.ofSeconds(60), () -> instances(app).isEmpty());
        platform.await("no QEMU for " + app, Duration.ofSeconds(30), () -> platform.vms().isEmpty());
        return idleAfter;
    }

    /**
     * One GET through the router to an idle app, held while it wakes (up to 70 s), and the RTR
     * line that shows the wait ({@code wake_ms=}), awaited in its recent logs.
     */
    Wake wake(String app, String host, String path) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> woken = platform.http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + platform.routerPort + path)).header("Host", host)
                .header("X-Request-Id", "wake-e2e").timeout(Duration.ofSeconds(70)).build(), HttpResponse.BodyHandlers.ofString());
        long clientMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(woken.statusCode()).as(woken.body()).isEqualTo(200);
        Matcher[] rtr = new Matcher[1];
        platform.await("the RTR line of the held request", Duration.ofSeconds(30), () -> {
            Matcher m = WAKE.matcher(recentLogs(app));
            while (m.find()) {
                if (m.group(1).equals(path)) {
                    rtr[0] = m;
                    return true;
                }
            }
            return false;
        });
        long totalMillis = Long.parseLong(rtr[0].group(2));
        long wakeMillis = Long.parseLong(rtr[0].group(3));
        assertThat(wakeMillis).isPositive().isLessThanOrEqualTo(totalMillis);
        return new Wake(woken, clientMillis, totalMillis, wakeMillis);
    }

    @AfterAll
    void stop() throws Exception {
        if (platform != null) {
            platform.close();
        }
    }
}
