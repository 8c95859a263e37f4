package dev.paas.cli;

import dev.paas.cli.infra.Bits;

import static dev.paas.cli.Fixtures.app;
import static dev.paas.cli.Fixtures.instance;
import static dev.paas.cli.Fixtures.page;
import static dev.paas.cli.Fixtures.route;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.cli.core.CliException;
import dev.paas.cli.infra.Json;
import dev.paas.cli.infra.Stager;
import dev.paas.cli.infra.Uploader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PushCommandTest extends LoggedInCliTest {

    static final String APPS = "/v1/spaces/default/apps";
    static final String APP = APPS + "/hello";
    static final String ROUTES = "/v1/spaces/default/routes";

    final List<String> uploads = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(paas.workDir.resolve("hello.jar"), "jar bits");
    }

    private void manifest(String yaml) throws Exception {
        Files.writeString(paas.workDir.resolve("manifest.yml"), yaml);
    }

    private void fakeStaging() {
        paas.uploaders = api -> (space, app, bits, progress) -> {
            uploads.add(space + "/" + app + " " + bits.size() + " " + bits.sha256().substring(0, 8));
            return new Uploader.PackageRef("pkg-1", bits.sha256());
        };
        paas.stagers = api -> (space, app, pkg, buildpacks, log) -> {
            log.accept("STG detected java_buildpack " + buildpacks);
            log.accept("STG image sha256:abc written");
            return new Stager.Revision(4, "abc");
        };
    }

    @Test
    void malformedYamlStopsBeforeAnythingIsSent() throws Exception {
        manifest("applications:\n- name: hello\n  memory: 256M\n   instances: 2: 3\n");
        Harness.Result r = paas.run("push");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("paas: manifest.yml, line 4, column 13: malformed YAML: mapping values are not "
                + "allowed here\n");
        assertThat(cp.requests()).isEmpty();
    }

    @Test
    void everyBadInputIsReportedAndNothingIsSent() throws Exception {
        manifest("applications:\n- name: my app\n  memory: 12 parsecs\n  path: missing/\n");
        Harness.Result r = paas.run("push");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines()).containsExactly(
                "paas: manifest.yml, line 2, column 9: name: 'my app' is not a valid name (no spaces); use lowercase "
                        + "letters, digits and '-' (not at the start or end), e.g. my-app",
                "paas: manifest.yml, line 4, column 9: path: 'missing/' does not exist (relative to " + paas.workDir + ")",
                "paas: manifest.yml, line 3, column 11: memory: '12 parsecs' is not a size; write a whole number with "
                        + "M or G, such as 256M or 1G");
        assertThat(cp.requests()).isEmpty();
    }

    @Test
    void aMissingVarIsNamed() throws Exception {
        manifest("applications:\n- name: hello\n  path: hello.jar\n  memory: ((mem))\n");
        Harness.Result r = paas.run("push");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("paas: manifest.yml, line 4, column 11: no value for ((mem)); pass --var "
                + "mem=VALUE or --vars-file FILE\n");
        assertThat(cp.requests()).isEmpty();
    }

    @Test
    void flagsAloneWithoutAManifestNeedAName() {
        Harness.Result r = paas.run("push", "-p", "hello.jar");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("paas: name the app: paas push NAME");
    }

    @Test
    void anUploadTheControlPlaneRefusesEndsThePushWithExitOne() throws Exception {
        manifest("applications:\n- name: hello\n  path: hello.jar\n  memory: 512M\n  lifecycle: buildpack\n");
        cp.error("GET", APP, 404, "NOT_FOUND", "app hello not found");
        cp.on("POST", APPS, 201, app("hello", 0, 1, "512M", "STOPPED", "{}"));
        cp.on("GET", ROUTES, 200, page());
        cp.on("POST", ROUTES, 201, route(1, "hello.localhost", "", "hello"));
        cp.error("POST", APP + "/packages", 404, "NOT_FOUND", "package with sha256 x not found");
        String sha = Bits.of(paas.workDir.resolve("hello.jar"), dev.paas.cli.core.Progress.NONE).sha256();
        cp.error("PUT", APP + "/packages/" + sha, 413, "PAYLOAD_TOO_LARGE", "the package is larger than the limit of 1 MiB");
        cp.on("DELETE", ROUTES + "/1", 204, "");
        cp.on("DELETE", APP, 204, "");
        Harness.Result r = paas.run("push");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("warning: manifest.yml, line 5, column 3: unknown attribute 'lifecycle' of "
                + "application 'hello' is ignored\n");
        assertThat(r.err()).endsWith("removed app hello, which this push created\n"
                + "paas: the package is larger than the limit of 1 MiB\n");
        assertThat(cp.requests("POST", APPS).get(0).body()).isEqualTo("{\"name\":\"hello\",\"memory\":\"512M\"}");
        assertThat(cp.requests("POST", APP + "/packages").get(0).body()).contains("\"sha256\":\"" + sha + "\"");
        // The app this push created goes again, with the route it created.
        assertThat(cp.requests("DELETE", ROUTES + "/1")).hasSize(1);
        assertThat(cp.requests("DELETE", APP)).hasSize(1);
    }

    @Test
    void aRouteAnotherSpaceOwnsRemovesTheAppThePushCreated() throws Exception {
        manifest("applications:\n- name: hello\n  path: hello.jar\n  routes:\n  - route: taken.localhost\n");
        cp.error("GET", APP, 404, "NOT_FOUND", "app hello not found");
        cp.on("POST", APPS, 201, app("hello", 0, 1, "256M", "STOPPED", "{}"));
        cp.on("GET", ROUTES, 200, page(route(7, "mine.localhost", "", "other-app")));
        cp.error("POST", ROUTES, 409, "CONFLICT", "route taken.localhost belongs to another space");
        cp.on("DELETE", APP, 204, "");
        Harness.Result r = paas.run("push");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).endsWith("removed app hello, which this push created\n"
                + "paas: route taken.localhost belongs to another space\n");
        assertThat(cp.requests("DELETE", APP)).hasSize(1);
        assertThat(cp.requests("DELETE", ROUTES + "/7")).isEmpty();
        assertThat(uploads).isEmpty();
    }

    @Test
    void aRefusedRouteLeavesAnExistingAppAlone() throws Exception {
        manifest("applications:\n- name: hello\n  path: hello.jar\n  routes:\n  - route: taken.localhost\n");
        cp.on("GET", APP, 200, app("hello", 3, 1, "256M", "STARTED", "{}"));
        cp.on("GET", ROUTES, 200, page());
        cp.error("POST", ROUTES, 409, "CONFLICT", "route taken.localhost belongs to another space");
        Harness.Result r = paas.run("push");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).endsWith("paas: route taken.localhost belongs to another space\n");
        assertThat(cp.requests().stream().filter(q -> q.method().equals("DELETE"))).isEmpty();
    }

    @Test
    void aFullPushCreatesMapsUploadsStagesStartsAndWaits() throws Exception {
        fakeStaging();
        manifest("""
                applications:
                - name: hello
                  path: hello.jar
                  instances: 2
                  env:
                    GREETING: ((greeting))
                  buildpacks: [java_buildpack]
                """);
        Files.writeString(paas.workDir.resolve("vars.yml"), "greeting: hi\n");
        cp.error("GET", APP, 404, "NOT_FOUND", "app hello not found");
        cp.on("POST", APPS, 201, app("hello", 0, 2, "256M", "STOPPED", "{\"GREETING\":\"hi\"}"));
        cp.on("GET", ROUTES, 200, page()).on("GET", ROUTES, 200, page(route(1, "hello.localhost", "", "hello")));
        cp.on("POST", ROUTES, 201, route(1, "hello.localhost", "", "hello"));
        cp.on("POST", APP + "/start", 200, app("hello", 1, 2, "256M", "STARTED", "{\"GREETING\":\"hi\"}"));
        cp.on("GET", APP + "/instances", 200, "[" + instance(0, "STARTING", "node-1", 0, null, null, 4L) + ","
                + instance(1, "UNCLAIMED", null, 0, null, null, 4L) + "]");
        cp.on("GET", APP + "/instances", 200, "[" + instance(0, "RUNNING", "node-1", 0, null, null, 4L) + ","
                + instance(1, "STARTING", "node-1", 0, null, null, 4L) + "]");
        cp.on("GET", APP + "/instances", 200, "[" + instance(0, "RUNNING", "node-1", 0, null, null, 4L) + ","
                + instance(1, "RUNNING", "node-1", 0, null, null, 4L) + "]");

        Harness.Result r = paas.run("push", "--vars-file", "vars.yml");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(uploads).containsExactly("default/hello 8 b88f7912");
        assertThat(cp.requests("POST", APPS).get(0).body())
                .isEqualTo("{\"name\":\"hello\",\"instances\":2,\"env\":{\"GREETING\":\"hi\"}}");
        assertThat(cp.requests("POST", ROUTES).get(0).body())
                .isEqualTo("{\"host\":\"hello.localhost\",\"app\":\"hello\"}");
        assertThat(r.err()).contains("creating app hello in space default\n", "route hello.localhost -> hello\n",
                "0 of 2 running\n", "1 of 2 running\n", "2 of 2 running\n");
        assertThat(r.out()).startsWith("STG detected java_buildpack [java]\nSTG image sha256:abc written\n")
                .contains("instances: 2 of 2 running").endsWith("url: http://hello.localhost:8080/\n");
    }

    @Test
    void aPushWithAWorkerPutsItsProcessBeforeUploading() throws Exception {
        fakeStaging();
        manifest("""
                applications:
                - name: hello
                  path: hello.jar
                  processes:
                  - type: web
                    instances: 1
                  - type: worker
                    command: ./hello --work
                    instances: 2
                    memory: 128M
                """);
        cp.on("GET", APP, 200, app("hello", 6, 1, "256M", "STARTED", "{}"));
        cp.on("PATCH", APP, 200, app("hello", 7, 1, "256M", "STARTED", "{}"));
        cp.on("PUT", APP + "/processes/worker", 200, AppCommandsTest.worker(1, 2, "128M", "[]"));
        cp.on("GET", APP + "/instances", 200, "[" + instance(0, "RUNNING", "node-1", 0, null, null, 4L) + "]");
        cp.on("GET", ROUTES, 200, page(route(1, "hello.localhost", "", "hello")));
        Harness.Result r = paas.run("push", "--no-wait");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(cp.requests("PUT", APP + "/processes/worker").get(0).body())
                .isEqualTo("{\"command\":\"./hello --work\",\"instances\":2,\"memory\":\"128M\"}");
        assertThat(r.err()).contains("process worker of hello\n");
        assertThat(uploads).hasSize(1);
    }

    @Test
    void pushingAnExistingAppPatchesItAndMergesEnv() throws Exception {
        fakeStaging();
        cp.on("GET", APP, 200, app("hello", 6, 1, "256M", "STARTED", "{\"OLD\":\"1\"}"));
        cp.on("PATCH", APP, 200, app("hello", 7, 1, "1G", "STARTED", "{\"OLD\":\"1\"}"));
        cp.on("GET", APP + "/instances", 200, "[" + instance(0, "RUNNING", "node-1", 0, null, null, 4L) + "]");
        cp.on("GET", ROUTES, 200, page());
        Harness.Result r = paas.run("push", "hello", "-p", "hello.jar", "-m", "1G", "--no-route", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(cp.requests("PATCH", APP).get(0).body()).isEqualTo("{\"version\":6,\"memory\":\"1G\"}");
        assertThat(cp.requests("POST", ROUTES)).isEmpty();
        assertThat(cp.requests("POST", APP + "/start")).isEmpty();
        var tree = Json.tree(r.out());
        assertThat(tree.get("app").get("memory").asText()).isEqualTo("1G");
        assertThat(tree.get("revision").get("version").asLong()).isEqualTo(4);
        assertThat(r.err()).isEmpty();
    }

    @Test
    void aCrashDuringStartEndsWithTheReason() throws Exception {
        fakeStaging();
        cp.on("GET", APP, 200, app("hello", 6, 1, "256M", "STARTED", "{}"));
        cp.on("GET", ROUTES, 200, page(route(1, "hello.localhost", "", "hello")));
        cp.on("GET", APP + "/instances", 200, "[" + instance(0, "CRASHED", "node-1", 1, "exit status 1", null, 4L) + "]");
        Harness.Result r = paas.run("push", "hello", "-p", "hello.jar");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).endsWith("paas: instance 0 of hello crashed: exit status 1; see 'paas logs hello --recent'\n");
    }

    @Test
    void aStagingFailureEndsThePush() throws Exception {
        fakeStaging();
        paas.stagers = api -> (space, app, pkg, buildpacks, log) -> {
            throw new CliException("staging failed: no buildpack detected the app");
        };
        cp.on("GET", APP, 200, app("hello", 6));
        cp.on("GET", ROUTES, 200, page(route(1, "hello.localhost", "", "hello")));
        Harness.Result r = paas.run("push", "hello", "-p", "hello.jar");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).endsWith("paas: staging failed: no buildpack detected the app\n");
        assertThat(cp.requests("POST", APP + "/start")).isEmpty();
    }

    @Test
    void aDirectoryIsZippedBeforeUpload() throws Exception {
        fakeStaging();
        Path site = Files.createDirectories(paas.workDir.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<h1>hi</h1>");
        cp.on("GET", APP, 200, app("hello", 6, 0, "256M", "STARTED", "{}"));
        cp.on("GET", ROUTES, 200, page(route(1, "hello.localhost", "", "hello")));
        cp.on("GET", APP + "/instances", 200, "[]");
        Harness.Result r = paas.run("push", "hello", "-p", "site");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("packed 1 entry");
        assertThat(uploads).hasSize(1);
    }

    @Test
    void aNameSelectsOneAppOfAManifest() throws Exception {
        manifest("applications:\n- name: web\n  path: hello.jar\n- name: other\n  path: nope.jar\n");
        cp.on("GET", APPS + "/web", 200, app("web", 2));
        cp.error("POST", APPS + "/web/packages", 403, "FORBIDDEN", "stop here");
        Harness.Result r = paas.run("push", "web", "--no-route");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).doesNotContain("nope.jar").endsWith("paas: stop here\n");
        assertThat(cp.requests()).extracting(StubServer.Request::path).containsOnly(APPS + "/web", APPS + "/web/packages");
    }

    @Test
    void contradictoryManifestFlags() {
        Harness.Result r = paas.run("push", "hello", "-f", "x.yml", "--no-manifest");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("paas: -f and --no-manifest contradict each other: choose one\n");
        Harness.Result missing = paas.run("push", "hello", "-f", "x.yml");
        assertThat(missing.err()).isEqualTo("paas: -f: manifest 'x.yml' does not exist\n");
    }
}
