package dev.paas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scale to zero (issue 18): a static app pushed with {@code idle-timeout: 20s}
 * and 2 instances. After 20 s without a request it goes idle: no instance in the API's list, no
 * QEMU for it, {@code paas app} and {@code paas apps} say idle. The next request through the
 * router is held while the control plane starts one instance (the other follows once it
 * serves), then answered 200, and its RTR line
 * shows how long it waited ({@code wake_ms=}). The woken instance is restored from the snapshot
 * its node agent took of the first one once it was warm, not booted cold.
 */
@Tag("vm")
class ScaleToZeroE2ETest extends CliPlatformTest {

    static final String HOST = "sleepy.localhost";

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
                  instances: 2
                  idle-timeout: 20s
                  routes:
                  - route: sleepy.localhost
                """);
        Cli.Run push = cli.run(dir, "push");
        assertThat(push.code()).as(push.toString()).isZero();
        assertThat(push.out()).contains("2 of 2 running");
        assertThat(platform.viaRouter(HOST, "/").body()).isEqualTo("<h1>awake</h1>\n");
        long lastRequest = System.nanoTime();
        assertThat(platform.vms()).as("two VMs while awake").hasSize(2);

        double idleAfter = awaitIdle("sleepy", 20, lastRequest);
        JsonNode idle = app();
        assertThat(idle.path("instances").asInt()).as("its configured count stays").isEqualTo(2);
        assertThat(idle.path("idleTimeoutSeconds").asInt()).isEqualTo(20);
        Cli.Run apps = cli.run(work, "apps");
        assertThat(apps.out()).containsPattern("sleepy +idle +0/2");
        Cli.Run info = cli.run(work, "app", "sleepy");
        assertThat(info.out()).contains("state:     idle (no request for 20s: instances stopped; the next request starts one)");

        Wake wake = wake("sleepy", HOST, "/again");
        assertThat(wake.response().body()).isEqualTo("<h1>awake again</h1>\n");
        assertThat(app().path("idle").asBoolean()).isFalse();
        // One instance answers the held request; the other starts once that one serves.
        platform.await("the second instance after the wake", Duration.ofSeconds(120), () -> platform.vms().size() == 2);

        Cli.Run logs = cli.run(work, "logs", "sleepy", "--recent");
        assertThat(logs.out()).contains("idle for 20 s: instances stopped; the next request starts one")
                .contains("app.idle by scheduler").contains("app.wake by router")
                .containsPattern("woken by a request after \\d+ s idle: starting 1 of 2 instances")
                .contains("1 of 2 instances running after the wake; starting the other 1")
                .containsPattern("\\[CELL/\\d\\] OUT paas-agent: restored from snapshot [0-9a-f]+ in \\d+ ms");
        System.out.printf("scale-to-zero e2e: idle after %.1f s without a request; wake (static, from its snapshot): "
                + "held %d ms (RTR wake_ms), request %d ms at the router, %d ms at the client%n",
                idleAfter, wake.wakeMillis(), wake.totalMillis(), wake.clientMillis());

        // A new revision: the old one's snapshot is no app's any more, and its node deletes it
        // (the heartbeat's unneededSnapshots) once the old instances are gone.
        Matcher restored = RESTORED.matcher(logs.out());
        assertThat(restored.find()).isTrue();
        Path oldSnapshot = platform.dir.resolve("agent/snapshots").resolve(restored.group(1));
        assertThat(oldSnapshot).isDirectory();
        Files.writeString(dir.resolve("public/index.html"), "<h1>awake, version 2</h1>\n");
        Cli.Run again = cli.run(dir, "push");
        assertThat(again.code()).as(again.toString()).isZero();
        platform.await("the old revision's snapshot deleted", Duration.ofSeconds(90), () -> !Files.exists(oldSnapshot));
    }

    private JsonNode app() {
        return app("sleepy");
    }
}
