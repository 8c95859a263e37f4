package dev.paas.cli;

import static dev.paas.cli.Fixtures.app;
import static dev.paas.cli.Fixtures.instance;
import static dev.paas.cli.Fixtures.page;
import static dev.paas.cli.Fixtures.route;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.cli.infra.ApiException;
import dev.paas.cli.infra.Stager;
import dev.paas.cli.infra.Uploader;
import dev.paas.model.ErrorCode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The push flags and habits Cloud Foundry users bring ({@code -b}, {@code -s}, {@code -k},
 * {@code --no-start}, {@code --no-wait}, {@code --strategy}, {@code -f} with several apps), and
 * what a push leaves behind when a step the CLI could not check is refused.
 */
class PushHabitsTest extends LoggedInCliTest {

    static final String APPS = "/v1/spaces/default/apps";
    static final String APP = APPS + "/hello";
    static final String ROUTES = "/v1/spaces/default/routes";

    final List<String> staged = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(paas.workDir.resolve("hello.jar"), "jar bits");
        paas.uploaders = api -> (space, app, bits, progress) -> new Uploader.PackageRef("pkg-1", bits.sha256());
        paas.stagers = api -> (space, app, pkg, buildpacks, log) -> {
            staged.add(app + " " + buildpacks);
            return new Stager.Revision(4, "abc");
        };
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "-b ruby_buildpack|-b|ruby_buildpack|paas: buildpacks: 'ruby_buildpack' has no buildpack on paas yet; paas has java_buildpack, staticfile_buildpack, binary_buildpack, nodejs_buildpack, python_buildpack, go_buildpack (or paas's java, static, native, node, python, go); or leave it out to detect",
            "-b cobol|-b|cobol|paas: buildpacks: 'cobol' is not a buildpack paas knows; use one of java_buildpack, staticfile_buildpack, binary_buildpack, nodejs_buildpack, python_buildpack, go_buildpack (or paas's java, static, native, node, python, go), or leave it out to detect",
            "-s windows|-s|windows|paas: stack: 'windows' is not a stack paas has; use cflinuxfs4 or cflinuxfs3 (both mean paas's microVM images), or leave it out",
            "-k 1T|-k|1T|paas: disk_quota: '1T' is not a size; write a whole number with M or G, such as 256M or 1G",
            "-k 40G|-k|40G|paas: disk_quota: '40G' is out of range; choose between 64M and 32G",
            "-k empty|-k|\"\"|paas: disk_quota: must not be empty; write a size such as 256M or 1G",
            "--strategy recreate|--strategy|recreate|paas: --strategy: 'recreate' is not a strategy paas has; use rolling (the default) or leave it out",
            "-m 512 (no unit)|-m|512|paas: memory: '512' is not a size; write a whole number with M or G, such as 256M or 1G"})
    void aBadFlagValueIsRefusedBeforeAnythingIsSent(String what, String flag, String value, String message) {
        Harness.Result r = paas.run("push", "hello", "-p", "hello.jar", flag, value);
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(message + "\n");
        assertThat(cp.requests()).isEmpty();
    }

    @Test
    void goodFlagValuesReachTheStagingAsOurRuntime() {
        cp.on("GET", APP, 200, app("hello", 6, 0, "256M", "STARTED", "{}"));
        cp.on("PATCH", APP, 200, app("hello", 7, 0, "256M", "STARTED", "{}"));
        cp.on("GET", ROUTES, 200, page(route(1, "hello.localhost", "", "hello")));
        cp.on("GET", APP + "/instances", 200, "[]");
        Harness.Result r = paas.run("push", "hello", "-p", "hello.jar", "-b",
                "https://github.com/cloudfoundry/java-buildpack.git#v4.x", "-s", "cflinuxfs4", "-k", "2GB",
                "--strategy", "rolling");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(staged).containsExactly("hello [java]");
        assertThat(cp.requests("PATCH", APP).get(0).body()).isEqualTo("{\"version\":6,\"disk\":\"2G\"}");
    }

    @Test
    void aDiskQuotaFromTheManifestIsSentWithTheNewApp() throws Exception {
        Files.writeString(paas.workDir.resolve("manifest.yml"),
                "applications:\n- name: hello\n  path: hello.jar\n  disk_quota: 1024MB\n  no-route: true\n");
        cp.error("GET", APP, 404, "NOT_FOUND", "app hello not found");
        cp.on("POST", APPS, 201, app("hello", 0, 0, "256M", "STOPPED", "{}"));
        cp.on("POST", APP + "/start", 200, app("hello", 1, 0, "256M", "STARTED", "{}"));
        cp.on("GET", APP + "/instances", 200, "[]");
        cp.on("GET", ROUTES, 200, page());
        Harness.Result r = paas.run("push");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(cp.requests("POST", APPS).get(0).body()).isEqualTo("{\"name\":\"hello\",\"disk\":\"1G\"}");
    }

    @Test
    void severalAppsAreAllCheckedBeforeAnyIsChanged() throws Exception {
        Files.writeString(paas.workDir.resolve("deploy.yml"), """
                applications:
                - name: hello
                  path: hello.jar
                  buildpack: java_buildpack
                - name: worker
                  path: hello.jar
                  buildpack: php_buildpack
                  disk_quota: 1 TB
                """);
        Harness.Result r = paas.run("push", "-f", "deploy.yml");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("paas: deploy.yml, line 8, column 15: disk_quota: '1 TB' is not a size; write a "
                + "whole number with M or G, such as 256M or 1G\n"
                + "paas: deploy.yml, line 7, column 14: buildpack: 'php_buildpack' has no buildpack on paas yet; paas "
                + "has java_buildpack, staticfile_buildpack, binary_buildpack, nodejs_buildpack, python_buildpack, go_buildpack (or paas's java, static, native, node, python, go); or leave "
                + "it out to detect\n");
        assertThat(cp.requests()).as("nothing was sent for the first, good app either").isEmpty();
    }

    @Test
    void severalAppsOfOneManifestArePushedInOrder() throws Exception {
        Files.writeString(paas.workDir.resolve("deploy.yml"),
                "applications:\n- name: hello\n  path: hello.jar\n  no-route: true\n"
                        + "- name: other\n  path: hello.jar\n  no-route: true\n  buildpack: binary_buildpack\n");
        for (String name : List.of("hello", "other")) {
            cp.on("GET", APPS + "/" + name, 200, app(name, 6, 0, "256M", "STARTED", "{}"));
            cp.on("GET", APPS + "/" + name + "/instances", 200, "[]");
        }
        cp.on("GET", ROUTES, 200, page());
        Harness.Result r = paas.run("push", "-f", "deploy.yml");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(staged).containsExactly("hello []", "other [native]");
    }

    @Test
    void aNewAppWhoseStagingIsRefusedIsRemovedWithItsRoute() {
        paas.stagers = api -> (space, app, pkg, buildpacks, log) -> {
            throw new ApiException(400, ErrorCode.INVALID_FIELD, "buildpack: refused by the control plane");
        };
        cp.error("GET", APP, 404, "NOT_FOUND", "app hello not found");
        cp.on("POST", APPS, 201, app("hello", 0, 1, "256M", "STOPPED", "{}"));
        cp.on("GET", ROUTES, 200, page());
        cp.on("POST", ROUTES, 201, route(1, "hello.localhost", "", "hello"));
        cp.on("DELETE", ROUTES + "/1", 204, "");
        cp.on("DELETE", APP, 204, "");
        Harness.Result r = paas.run("push", "hello", "-p", "hello.jar");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).endsWith("removed app hello, which this push created\n"
                + "paas: buildpack: refused by the control plane\n");
        assertThat(cp.requests("DELETE", ROUTES + "/1")).hasSize(1);
        assertThat(cp.requests("DELETE", APP)).hasSize(1);
        assertThat(cp.requests("POST", APP + "/start")).isEmpty();
    }

    @Test
    void anExistingAppWhoseStagingFailsIsKept() {
        paas.stagers = api -> (space, app, pkg, buildpacks, log) -> {
            throw new ApiException(400, ErrorCode.INVALID_FIELD, "staging failed");
        };
        cp.on("GET", APP, 200, app("hello", 6, 1, "256M", "STARTED", "{}"));
        cp.on("GET", ROUTES, 200, page(route(1, "hello.localhost", "", "hello")));
        Harness.Result r = paas.run("push", "hello", "-p", "hello.jar");
        assertThat(r.code()).isEqualTo(1);
        assertThat(cp.requests("DELETE", APP)).isEmpty();
    }

    @Test
    void noStartUploadsButNeitherStagesNorStarts() {
        cp.error("GET", APP, 404, "NOT_FOUND", "app hello not found");
        cp.on("POST", APPS, 201, app("hello", 0, 1, "256M", "STOPPED", "{}"));
        cp.on("GET", ROUTES, 200, page()).on("GET", ROUTES, 200, page(route(1, "hello.localhost", "", "hello")));
        cp.on("POST", ROUTES, 201, route(1, "hello.localhost", "", "hello"));
        cp.on("GET", APP + "/instances", 200, "[]");
        Harness.Result r = paas.run("push", "hello", "-p", "hello.jar", "--no-start");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(staged).isEmpty();
        assertThat(cp.requests("POST", APP + "/start")).isEmpty();
        assertThat(r.err()).contains("hello is not staged or started (--no-start)");
    }

    @Test
    void noWaitStartsAndReturnsWithoutWaitingForInstances() {
        cp.on("GET", APP, 200, app("hello", 6, 2, "256M", "STOPPED", "{}"));
        cp.on("GET", ROUTES, 200, page(route(1, "hello.localhost", "", "hello")));
        cp.on("POST", APP + "/start", 200, app("hello", 7, 2, "256M", "STARTED", "{}"));
        // Never running: with --no-wait the push does not wait for it.
        cp.on("GET", APP + "/instances", 200, "[" + instance(0, "STARTING", "node-1", 0, null, null, 4L) + "]");
        Harness.Result r = paas.run("push", "hello", "-p", "hello.jar", "--no-wait");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(staged).containsExactly("hello []");
        assertThat(cp.requests("POST", APP + "/start")).hasSize(1);
        assertThat(cp.requests("GET", APP + "/instances")).hasSize(1);
    }
}
