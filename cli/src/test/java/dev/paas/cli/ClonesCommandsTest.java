package dev.paas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Snapshot clones in the CLI: {@code paas scale --no-clones/--clones}, {@code paas app}, the manifest's {@code clones:}. */
class ClonesCommandsTest extends LoggedInCliTest {

    static final String APP = "/v1/spaces/default/apps/hello";

    static String app(long version, Boolean clones) {
        return """
                {"name":"hello","space":"default","state":"STARTED","instances":1,"memory":"256M","env":{},
                 "healthCheck":{"type":"PORT","timeout":60},"version":%d,%s
                 "createdAt":"2026-11-27T09:00:00Z","updatedAt":"2026-11-27T09:58:00Z"}
                """.formatted(version, clones == null ? "" : "\"clones\":" + clones + ",");
    }

    @Test
    void noClonesTurnsThemOffAndClonesOnAgain() {
        cp.on("GET", APP, 200, app(7, true));
        cp.on("PATCH", APP, 200, app(8, false));
        cp.on("PATCH", APP, 200, app(9, true));
        Harness.Result off = paas.run("scale", "hello", "--no-clones");
        assertThat(off.code()).as(off.err()).isZero();
        assertThat(off.out()).isEqualTo("scaled hello: 1 instance of 256M, snapshot clones off\n");
        assertThat(cp.requests("PATCH", APP).get(0).body()).isEqualTo("{\"version\":7,\"clones\":false}");

        Harness.Result on = paas.run("scale", "hello", "--clones", "-i", "2");
        assertThat(on.code()).as(on.err()).isZero();
        assertThat(cp.requests("PATCH", APP).get(1).body()).isEqualTo("{\"version\":7,\"instances\":2,\"clones\":true}");
        assertThat(on.out()).isEqualTo("scaled hello: 1 instance of 256M\n");
    }

    @Test
    void aScaleWithoutTheFlagLeavesClonesAlone() {
        cp.on("GET", APP, 200, app(7, false));
        cp.on("PATCH", APP, 200, app(8, false));
        assertThat(paas.run("scale", "hello", "-i", "2").code()).isZero();
        assertThat(cp.requests("PATCH", APP).get(0).body()).isEqualTo("{\"version\":7,\"instances\":2}");
    }

    @Test
    void notForAWorkerNorAValue() {
        Harness.Result worker = paas.run("scale", "hello", "--process", "worker", "--no-clones");
        assertThat(worker.code()).isEqualTo(2);
        assertThat(worker.err()).startsWith("paas: --no-clones applies to the app");
        Harness.Result value = paas.run("scale", "hello", "--clones=maybe");
        assertThat(value.code()).isEqualTo(2);
        assertThat(value.err()).contains("--clones");
        assertThat(cp.writes()).isEmpty();
    }

    @Test
    void appSaysWhenClonesAreOffAndNothingWhenAnOlderControlPlaneDoesNotSay() {
        cp.on("GET", APP + "/instances", 200, "[]");
        cp.on("GET", "/v1/spaces/default/routes", 200, Fixtures.page());
        cp.on("GET", APP, 200, app(3, false));
        cp.on("GET", APP, 200, app(3, null));
        assertThat(paas.run("app", "hello").out()).contains("clones:    off (every instance boots cold)\n");
        assertThat(paas.run("app", "hello").out()).doesNotContain("clones");
    }

    @Test
    void aBadManifestValueIsRefusedBeforeAnythingIsCreated() throws Exception {
        Files.writeString(paas.workDir.resolve("index.html"), "<h1>hi</h1>");
        Files.writeString(paas.workDir.resolve("manifest.yml"), "applications:\n- name: hello\n  clones: sometimes\n");
        Harness.Result r = paas.run("push");
        RefusalsTest.refusedInOneLine(r, "clones: 'sometimes' is not true or false", "manifest.yml, line 3");
        assertThat(cp.writes()).isEmpty();
    }
}
