package dev.paas.cli;

import static dev.paas.cli.Fixtures.app;
import static dev.paas.cli.Fixtures.instance;
import static dev.paas.cli.Fixtures.page;
import static dev.paas.cli.Fixtures.route;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.cli.infra.Stager;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code paas push --docker-image}, Cloud Foundry's flags and refusals, and the manifest's {@code docker:}. */
class DockerPushTest extends LoggedInCliTest {

    static final String APPS = "/v1/spaces/default/apps";
    static final String APP = APPS + "/hello";
    static final String ROUTES = "/v1/spaces/default/routes";
    static final String IMAGE = "registry.example.com/team/hello:1.0";

    final List<String> staged = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(paas.workDir.resolve("hello.jar"), "jar bits");
        paas.uploaders = api -> (space, app, bits, progress) -> {
            throw new AssertionError("a docker push uploads no bits");
        };
        paas.stagers = api -> (space, app, pkg, buildpacks, log) -> {
            staged.add(pkg.id() + " " + buildpacks);
            log.accept("layer 1/1 sha256:0a1b2c3d4e5f 1.0 MiB pulled in 120 ms");
            return new Stager.Revision(1, "abc");
        };
    }

    private void newApp() {
        cp.error("GET", APP, 404, "NOT_FOUND", "app hello not found");
        cp.on("POST", APPS, 201, app("hello", 0, 1, "256M", "STOPPED", "{}"));
        cp.on("GET", ROUTES, 200, page()).on("GET", ROUTES, 200, page(route(1, "hello.localhost", "", "hello")));
        cp.on("POST", ROUTES, 201, route(1, "hello.localhost", "", "hello"));
        cp.on("POST", APP + "/packages", 201, "{\"id\":9,\"type\":\"docker\",\"dockerImage\":\"" + IMAGE + "\"}");
        cp.on("POST", APP + "/start", 200, app("hello", 1, 1, "256M", "STARTED", "{}"));
        cp.on("GET", APP + "/instances", 200, "[" + instance(0, "RUNNING", "node-1", 0, null, null, 1L) + "]");
    }

    @Test
    void anImageIsSentAsADockerPackageWithThePasswordFromTheEnvironmentAndStaged() {
        newApp();
        paas.env.put("PAAS_DOCKER_PASSWORD", "s3cret");
        Harness.Result r = paas.run("push", "hello", "--docker-image", IMAGE, "--docker-username", "robot");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(cp.requests("POST", APP + "/packages").get(0).body()).isEqualTo("{\"docker\":{\"image\":\"" + IMAGE
                + "\",\"username\":\"robot\",\"password\":\"s3cret\"}}");
        assertThat(staged).containsExactly("9 []");
        assertThat(r.err()).contains("docker image " + IMAGE + " (registry user robot)\n").doesNotContain("s3cret");
        assertThat(r.out()).contains("layer 1/1 sha256:0a1b2c3d4e5f 1.0 MiB pulled").doesNotContain("s3cret");
    }

    @Test
    void cfsPasswordVariableAndTheShortFlagWorkToo() {
        newApp();
        paas.env.put("CF_DOCKER_PASSWORD", "from-cf");
        Harness.Result r = paas.run("push", "hello", "-o", IMAGE, "--docker-username", "robot");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(cp.requests("POST", APP + "/packages").get(0).body()).contains("\"password\":\"from-cf\"");
    }

    @Test
    void theManifestsDockerAttributeIsAnAnonymousPullWithoutUsername() throws Exception {
        newApp();
        Files.writeString(paas.workDir.resolve("manifest.yml"), "applications:\n- name: hello\n  docker:\n    image: " + IMAGE + "\n");
        paas.env.put("PAAS_DOCKER_PASSWORD", "ignored-without-a-username");
        Harness.Result r = paas.run("push");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(cp.requests("POST", APP + "/packages").get(0).body()).isEqualTo("{\"docker\":{\"image\":\"" + IMAGE + "\"}}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "with -p|push hello --docker-image nginx -p hello.jar|paas: --docker-image cannot be used with -p: an app runs either an image or bits staged by a buildpack; leave out -p",
            "with -b|push hello --docker-image nginx -b java_buildpack|paas: --docker-image cannot be used with -b:",
            "username without password|push hello --docker-image nginx --docker-username robot|paas: environment variable PAAS_DOCKER_PASSWORD not set: the docker username 'robot' needs the registry's password there (or in CF_DOCKER_PASSWORD, as cf reads it)",
            "username without image|push hello -p hello.jar --docker-username robot|paas: --docker-username: is for an image: give --docker-image REF too",
            "a bad reference|push hello --docker-image Team/App|paas: --docker-image: 'Team/App': name components are lower-case letters, digits and . _ - separators, got: 'Team'",
            "a bad username|push hello --docker-image nginx --docker-username a:b|paas: --docker-username: 'a:b' must be 1-255 characters"})
    void refusedBeforeAnythingIsSent(String what, String args, String message) {
        Harness.Result r = paas.run(args.split(" "));
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().lines().filter(l -> l.startsWith("paas: "))).as(r.err()).anyMatch(l -> l.startsWith(message));
        assertThat(cp.requests()).isEmpty();
    }

    @Test
    void theFlagClashesWithBitsWrittenInTheManifest() throws Exception {
        Files.writeString(paas.workDir.resolve("manifest.yml"), "applications:\n- name: hello\n  path: hello.jar\n");
        Harness.Result r = paas.run("push", "--docker-image", "nginx");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("paas: manifest.yml, line 3, column 9: --docker-image cannot be used with the manifest's "
                + "path: an app runs either an image or bits staged by a buildpack; remove path from the manifest or push "
                + "without --docker-image\n");
        assertThat(cp.requests()).isEmpty();
    }

    @Test
    void aDockerSaveTarballGivenWithPIsUploadedAsBits() throws Exception {
        Files.write(paas.workDir.resolve("image.tar"), new byte[] {1, 2, 3});
        List<String> uploads = new ArrayList<>();
        paas.uploaders = api -> (space, app, bits, progress) -> {
            uploads.add(bits.file().getFileName() + " " + bits.zipped());
            return new dev.paas.cli.infra.Uploader.PackageRef("3", bits.sha256());
        };
        newApp();
        Harness.Result r = paas.run("push", "hello", "-p", "image.tar");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(uploads).containsExactly("image.tar false");
        assertThat(cp.requests("POST", APP + "/packages")).isEmpty();
    }
}
