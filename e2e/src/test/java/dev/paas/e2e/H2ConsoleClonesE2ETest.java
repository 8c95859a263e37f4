package dev.paas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Snapshot clones and scale to zero (issue 18) with a server we did not write: the web console of
 * the H2 database, its jar from Maven Central pushed unmodified (the e2e's test dependency
 * {@code com.h2database:h2}) as a Cloud Foundry user would, a manifest with {@code path:} the jar
 * and {@code command:} H2's own server tool ({@code org.h2.tools.Server -web -webPort $PORT
 * -webAllowOthers -webExternalNames ROUTE}: H2 answers a Host header that is neither localhost nor
 * one of its external names with 404, against DNS rebinding). One instance boots cold, answers through the router and is snapshotted by its
 * agent; {@code paas scale -i 2} restores the second from that snapshot and both serve, asked at
 * their endpoints and through the router (its RTR lines name both). Then {@code paas scale
 * --idle-timeout 20s}: with no request the app goes idle (no instance, no QEMU), and the next
 * request through the router is held until an instance restored from the same snapshot answers
 * it ({@code wake_ms=} in its RTR line). One cold boot, everything else restored.
 */
@Tag("vm")
class H2ConsoleClonesE2ETest extends CliPlatformTest {

    static final String APP = "h2-console";
    static final String HOST = "h2.e2e.localhost";
    /** The console's start page: a redirect to its login page, with a session id H2 draws from its SecureRandom. */
    static final Pattern SESSION = Pattern.compile("login\\.jsp\\?jsessionid=([0-9a-f]+)");

    @Override
    String platformName() {
        return "h2-console-clones";
    }

    @Test
    void h2sConsoleIsClonedFromItsSnapshotAndWokenFromZero() throws Exception {
        Path dir = Files.createDirectories(work.resolve(APP));
        Path h2 = Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = Files.copy(h2, dir.resolve(h2.getFileName().toString()));
        Files.writeString(dir.resolve("manifest.yml"), """
                applications:
                - name: h2-console
                  path: %1$s
                  command: java -cp %1$s org.h2.tools.Server -web -webPort $PORT -webAllowOthers -webExternalNames %2$s
                  memory: 256M
                  instances: 1
                  timeout: 180
                  routes:
                  - route: %2$s
                """.formatted(jar.getFileName(), HOST));
        Cli.Run push = cli.run(dir, "push");
        assertThat(push.code()).as(push.toString()).isZero();
        assertThat(push.out()).contains("1 of 1 running");
        List<String> sessions = new ArrayList<>();
        sessions.add(console(200, routed(HOST), "through the router (once it has the route)"));

        Cell snapshot = awaitCell(APP, "the agent's snapshot of instance 0", Instant.EPOCH, 0, TAKEN, NOT_TAKEN);
        Matcher taken = taken(snapshot);
        String key = taken.group(1);
        long coldBootMs = coldBootMillis(APP, 0);

        // Scale out: the second instance is a clone restored from that snapshot; both serve.
        Instant scaled = Instant.now().minusSeconds(1);
        Cli.Run scale = cli.run(work, "scale", APP, "-i", "2");
        assertThat(scale.code()).as(scale.toString()).isZero();
        awaitRunningHealthy(APP, 2);
        long restoreMs = restoredMillis(awaitCell(APP, "instance 1 restored", scaled, 1, RESTORED, COLD), key);
        List<String> endpoints = List.of(endpoint(APP, 0), endpoint(APP, 1));
        for (String endpoint : endpoints) {
            HttpResponse<String> r = platform.http.send(HttpRequest.newBuilder(URI.create("http://" + endpoint + "/"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            sessions.add(console(r.statusCode(), r.body(), "at " + endpoint));
        }
        for (int n = 0; n < 4; n++) {
            HttpResponse<String> r = platform.viaRouter(HOST, "/");
            sessions.add(console(r.statusCode(), r.body(), "through the router"));
        }
        long lastRequest = System.nanoTime();
        platform.await("RTR lines naming both endpoints " + endpoints, Duration.ofSeconds(30), () -> {
            String logs = recentLogs(APP);
            return endpoints.stream().allMatch(e -> logs.lines().anyMatch(l -> l.contains("[RTR") && l.contains("GET / 200 ")
                    && l.contains(" endpoint " + e + " ")));
        });

        // Scale to zero: idle after 20 s without a request, then woken by one, from the snapshot.
        Cli.Run idleTimeout = cli.run(work, "scale", APP, "--idle-timeout", "20s");
        assertThat(idleTimeout.code()).as(idleTimeout.toString()).isZero();
        double idleAfter = awaitIdle(APP, 20, lastRequest);
        assertThat(app(APP).path("instances").asInt()).as("its configured count stays").isEqualTo(2);
        assertThat(cli.run(work, "app", APP).out()).contains("state:     idle");
        Instant idle = Instant.now().minusSeconds(1);
        Wake wake = wake(APP, HOST, "/");
        sessions.add(console(wake.response().statusCode(), wake.response().body(), "woken"));
        long wokenRestoreMs = restoredMillis(awaitCell(APP, "the woken instance restored", idle, -1, RESTORED, COLD), key);
        assertThat(cells(APP).stream().filter(c -> !c.at().isBefore(idle)).map(Cell::text))
                .as("no cold boot after the idle").noneMatch(t -> COLD.matcher(t).find());

        System.out.println("e2e.h2 cold_boot_ms=" + coldBootMs + " snapshot=\"" + taken.group(2) + "\" restore_ms=" + restoreMs
                + " idle_after_s=" + String.format("%.1f", idleAfter) + " wake_ms=" + wake.wakeMillis() + " wake_request_ms="
                + wake.totalMillis() + " wake_client_ms=" + wake.clientMillis() + " woken_restore_ms=" + wokenRestoreMs
                + " jsessionids=" + sessions + " distinct=" + sessions.stream().distinct().count());
    }

    /** Asserts an H2 console start page and returns the session id it hands out. */
    private static String console(int status, String body, String where) {
        assertThat(status).as(where + ": " + body).isEqualTo(200);
        assertThat(body).as(where).contains("<title>H2 Console</title>").contains("Welcome to H2");
        Matcher m = SESSION.matcher(body);
        assertThat(m.find()).as(where + ": a login link with a session id: " + body).isTrue();
        return m.group(1);
    }
}
