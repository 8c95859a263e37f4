package dev.paas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scale to zero (issue 18): a static app pushed with {@code idle-timeout: 20s}
 * and 1 instance. After 20 s without a request it goes idle: no instance in the API's list, no
 * QEMU for it, {@code paas app} and {@code paas apps} say idle. The next request through the
 * router is held while the control plane starts an instance, then answered 200, and its RTR line
 * shows how long it waited ({@code wake_ms=}). The woken instance is restored from the snapshot
 * its node agent took of the first one once it was warm, not booted cold.
 */
@Tag("vm")
class ScaleToZeroE2ETest extends CliPlatformTest {

    static final String HOST = "sleepy.localhost";
    static final Pattern WAKE = Pattern.compile("GET /again 200 \\d+ bytes (\\d+) ms wake_ms=(\\d+) ");

    @Override
    String platformName() {
        return "scale-to-zero";
    }

    @Test
    void anIdleAppStopsItsInstancesAndTheNextRequestWakesIt() throws Exception {
        Path dir = Files.createDirectories(work.resolve("sleepy"));
        Files.writeString(Files.createDirectories(dir.resolve("public")).resolve("index.html"), "<h1>awake</h1>\n");
        Files.writeString(dir.resolve("again"), "<h1>awake again</h1>\n");
        Files.copy(dir.resolve("again"), dir.resolve("public/again"));
        Files.writeString(dir.resolve("manifest.yml"), """
                applications:
                - name: sleepy
                  path: public
                  memory: 64M
                  instances: 1
                  idle-timeout: 20s
                  routes:
                  - route: sleepy.localhost
                """);
        Cli.Run push = cli.run(dir, "push");
        assertThat(push.code()).as(push.toString()).isZero();
        assertThat(push.out()).contains("1 of 1 running");
        assertThat(platform.viaRouter(HOST, "/").body()).isEqualTo("<h1>awake</h1>\n");
        long lastRequest = System.nanoTime();
        assertThat(platform.vms()).as("one VM while awake").hasSize(1);

        platform.await("sleepy to go idle", Duration.ofSeconds(90), () -> app().path("idle").asBoolean());
        double idleAfter = (System.nanoTime() - lastRequest) / 1e9;
        assertThat(idleAfter).as("not before its 20 s idle timeout").isGreaterThanOrEqualTo(20);
        platform.await("no instance of sleepy", Duration.ofSeconds(60), () -> instances().isEmpty());
        platform.await("no QEMU for sleepy", Duration.ofSeconds(30), () -> platform.vms().isEmpty());
        JsonNode idle = app();
        assertThat(idle.path("instances").asInt()).as("its configured count stays").isEqualTo(1);
        assertThat(idle.path("idleTimeoutSeconds").asInt()).isEqualTo(20);
        Cli.Run apps = cli.run(work, "apps");
        assertThat(apps.out()).containsPattern("sleepy +idle +0/1");
        Cli.Run info = cli.run(work, "app", "sleepy");
        assertThat(info.out()).contains("state:     idle (no request for 20s: instances stopped; the next request starts one)");

        long t0 = System.nanoTime();
        HttpResponse<String> woken = platform.http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + platform.routerPort + "/again")).header("Host", HOST)
                .header("X-Request-Id", "wake-e2e").timeout(Duration.ofSeconds(70)).build(), HttpResponse.BodyHandlers.ofString());
        long clientMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(woken.statusCode()).as(woken.body()).isEqualTo(200);
        assertThat(woken.body()).isEqualTo("<h1>awake again</h1>\n");
        assertThat(app().path("idle").asBoolean()).isFalse();
        assertThat(platform.vms()).as("one VM again").hasSize(1);

        Matcher[] rtr = new Matcher[1];
        platform.await("the RTR line of the held request", Duration.ofSeconds(30), () -> {
            try {
                Matcher m = WAKE.matcher(cli.run(work, "logs", "sleepy", "--recent").out());
                rtr[0] = m;
                return m.find();
            } catch (Exception e) {
                return false;
            }
        });
        long wakeMillis = Long.parseLong(rtr[0].group(2));
        long totalMillis = Long.parseLong(rtr[0].group(1));
        assertThat(wakeMillis).isPositive().isLessThanOrEqualTo(totalMillis);
        Cli.Run logs = cli.run(work, "logs", "sleepy", "--recent");
        assertThat(logs.out()).contains("idle for 20 s: instances stopped; the next request starts one")
                .contains("app.idle by scheduler").contains("app.wake by router")
                .containsPattern("\\[CELL/0\\] OUT paas-agent: restored from snapshot [0-9a-f]+ in \\d+ ms");
        System.out.printf("scale-to-zero e2e: idle after %.1f s without a request; wake (static, from its snapshot): "
                + "held %d ms (RTR wake_ms), request %d ms at the router, %d ms at the client%n",
                idleAfter, wakeMillis, totalMillis, clientMillis);
    }

    private JsonNode app() {
        try {
            return platform.call("GET", Apps.path("sleepy"), null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode instances() {
        try {
            return platform.call("GET", Apps.path("sleepy") + "/instances", null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
