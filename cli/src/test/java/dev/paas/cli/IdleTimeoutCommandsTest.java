package dev.paas.cli;

import static dev.paas.cli.Fixtures.instance;
import static dev.paas.cli.Fixtures.page;
import static dev.paas.cli.Fixtures.route;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.cli.infra.Json;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Scale to zero in the CLI: {@code paas scale --idle-timeout}, idle apps in {@code paas app(s)}, the manifest's {@code idle-timeout:}. */
class IdleTimeoutCommandsTest extends LoggedInCliTest {

    static final String APP = "/v1/spaces/default/apps/hello";

    static String app(long version, int idleTimeout, boolean idle) {
        return """
                {"name":"hello","space":"default","state":"STARTED","instances":1,"memory":"256M","env":{},
                 "healthCheck":{"type":"PORT","timeout":60},"version":%d,"idleTimeoutSeconds":%d,"idle":%s,
                 "createdAt":"2026-11-27T09:00:00Z","updatedAt":"2026-11-27T09:58:00Z"}
                """.formatted(version, idleTimeout, idle);
    }

    @Test
    void scaleSetsTheIdleTimeoutInSeconds() {
        cp.on("GET", APP, 200, app(7, 0, false));
        cp.on("PATCH", APP, 200, app(8, 300, false));
        Harness.Result r = paas.run("scale", "hello", "--idle-timeout", "5m");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("scaled hello: 1 instance of 256M, idle timeout 5m\n");
        assertThat(cp.requests("PATCH", APP).get(0).body()).isEqualTo("{\"version\":7,\"idleTimeoutSeconds\":300}");
    }

    @Test
    void zeroTurnsItOff() {
        cp.on("GET", APP, 200, app(7, 20, true));
        cp.on("PATCH", APP, 200, app(8, 0, false));
        assertThat(paas.run("scale", "hello", "--idle-timeout", "0").out()).isEqualTo("scaled hello: 1 instance of 256M\n");
        assertThat(cp.requests("PATCH", APP).get(0).body()).isEqualTo("{\"version\":7,\"idleTimeoutSeconds\":0}");
    }

    @ParameterizedTest(name = "--idle-timeout {0}")
    @CsvSource(delimiter = '|', value = {
            "soon|paas: --idle-timeout: 'soon' is not a duration; write 20s, 5m or 1h (0 = never)",
            "-1s|paas: --idle-timeout: '-1s' is not a duration; write 20s, 5m or 1h (0 = never)",
            "2d|paas: --idle-timeout: '2d' is not a duration; write 20s, 5m or 1h (0 = never)",
            "25h|paas: --idle-timeout: '25h' is 90000 seconds, out of range; choose 0 (never) to 86400 seconds (24h)"})
    void badDurationsAreRefusedBeforeAnythingIsSent(String value, String message) {
        Harness.Result r = paas.run("scale", "hello", "--idle-timeout", value);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(message + "\n");
        assertThat(cp.requests("GET", APP)).isEmpty();
        assertThat(cp.writes()).isEmpty();
    }

    @Test
    void notForAWorker() {
        Harness.Result r = paas.run("scale", "hello", "--process", "worker", "--idle-timeout", "20s");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("paas: --idle-timeout applies to the app");
        assertThat(cp.writes()).isEmpty();
    }

    @Test
    void anIdleAppSaysSoInAppsAndApp() {
        cp.on("GET", "/v1/spaces/default/apps", 200, page(app(3, 20, true)));
        cp.on("GET", APP, 200, app(3, 20, true));
        cp.on("GET", APP + "/instances", 200, "[]");
        cp.on("GET", "/v1/spaces/default/routes", 200, page(route(1, "hello.localhost", "", "hello")));
        Harness.Result apps = paas.run("apps");
        assertThat(apps.out()).contains("hello  idle   0/1");
        Harness.Result app = paas.run("app", "hello");
        assertThat(app.out()).contains("idle (no request for 20s: instances stopped; the next request starts one)")
                .contains("idle:      after 20s without a request\n");
        Harness.Result json = paas.run("apps", "--json");
        assertThat(Json.tree(json.out()).get("items").get(0).get("idle").asBoolean()).isTrue();
        assertThat(Json.tree(json.out()).get("items").get(0).get("idleTimeoutSeconds").asInt()).isEqualTo(20);
    }

    @Test
    void aBadManifestIdleTimeoutIsRefusedBeforeAnythingIsCreated() throws Exception {
        Files.writeString(paas.workDir.resolve("index.html"), "<h1>hi</h1>");
        Files.writeString(paas.workDir.resolve("manifest.yml"), "applications:\n- name: hello\n  idle-timeout: 20 minutes\n");
        Harness.Result r = paas.run("push");
        RefusalsTest.refusedInOneLine(r, "idle-timeout: '20 minutes' is not a duration; write 20s, 5m or 1h (0 = never)",
                "manifest.yml, line 3");
        assertThat(cp.writes()).isEmpty();
    }
}
