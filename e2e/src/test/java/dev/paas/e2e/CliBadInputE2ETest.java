package dev.paas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Bad pushes through the real control plane, as a developer makes them: each ends with a clear
 * message and a non-zero exit code, and leaves no app, route or package behind (checked through
 * the API). No node agent: nothing here should ever get as far as an instance.
 */
@Tag("vm")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliBadInputE2ETest {

    static final Path APPS = Path.of("src/test/resources/apps").toAbsolutePath();
    Platform platform;
    Cli cli;
    Path work;

    @BeforeAll
    void platform() throws Exception {
        // A 1 MiB package limit, so that "over the limit" needs only a 2 MiB file.
        platform = Platform.start("cli-bad-input", Map.of("PAAS_STORAGE_MAX_PACKAGE_BYTES", "1048576"));
        work = Files.createDirectories(platform.dir.resolve("work"));
        Files.copy(APPS.resolve("site/index.html"), Files.createDirectories(work.resolve("site")).resolve("index.html"));
        cli = platform.loggedInCli(work);
    }

    @AfterAll
    void stop() throws Exception {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void malformedYamlSaysLineAndColumn() throws Exception {
        Path dir = manifest("yaml", """
                applications:
                - name: broken
                  path: ../site
                  memory: [64M
                """);
        Cli.Run push = cli.run(dir, "push");
        assertThat(push.code()).as(push.toString()).isEqualTo(2);
        assertThat(push.err()).containsPattern("manifest\\.yml, line \\d+, column \\d+");
        assertNothingCreated("broken");
    }

    @Test
    @Order(2)
    void memoryInParsecsIsRefused() throws Exception {
        Path dir = manifest("parsecs", """
                applications:
                - name: far
                  path: ../site
                  memory: 12 parsecs
                """);
        Cli.Run push = cli.run(dir, "push");
        assertThat(push.code()).as(push.toString()).isEqualTo(2);
        assertThat(push.err()).contains("memory").contains("12 parsecs").containsPattern("line \\d+, column \\d+");
        assertNothingCreated("far");
    }

    @Test
    @Order(3)
    void anAppNameWithSpacesIsRefused() throws Exception {
        Cli.Run push = cli.run(work, "push", "my app", "-p", "site", "-m", "64M");
        assertThat(push.code()).as(push.toString()).isEqualTo(2);
        assertThat(push.err()).contains("'my app'");
        assertNothingCreated("my-app");
    }

    @Test
    @Order(4)
    void aPathThatDoesNotExistIsRefused() throws Exception {
        Cli.Run push = cli.run(work, "push", "ghost", "-p", "no/such/dir", "-m", "64M");
        assertThat(push.code()).as(push.toString()).isEqualTo(2);
        assertThat(push.err()).contains("path: 'no/such/dir' does not exist");
        assertNothingCreated("ghost");
    }

    @Test
    @Order(5)
    void aRouteAnotherSpaceOwnsIsRefusedByTheServerAndLeavesNothing() throws Exception {
        platform.call("POST", "/v1/spaces", Map.of("name", "other"));
        platform.call("POST", "/v1/users", Map.of("username", "olga", "password", "olga-password-1", "role", "developer"));
        platform.call("PUT", "/v1/spaces/other/members/olga", null);
        String olga = platform.call("POST", "/v1/auth/login", Map.of("username", "olga", "password", "olga-password-1"))
                .get("token").asText();
        HttpResponse<String> created = platform.http.send(HttpRequest.newBuilder(URI.create(platform.api() + "/v1/spaces/other/routes"))
                .header("Authorization", "Bearer " + olga).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"host\":\"taken.e2e.localhost\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        Path dir = manifest("taken", """
                applications:
                - name: squatter
                  path: ../site
                  memory: 64M
                  routes:
                  - route: mine.e2e.localhost
                  - route: taken.e2e.localhost
                """);
        Cli.Run push = cli.run(dir, "push");
        assertThat(push.code()).as(push.toString()).isEqualTo(1);
        // The pusher is an admin, who may see every space: the message names the owner.
        assertThat(push.err()).endsWith("paas: host taken.e2e.localhost is taken by space 'other': every route of a host "
                + "belongs to one space; choose another host name\n");
        assertNothingCreated("squatter");
        assertThat(hosts("other")).containsExactly("taken.e2e.localhost");
    }

    @Test
    @Order(6)
    void anUploadOverTheLimitIsRefusedAndLeavesNoPackage() throws Exception {
        byte[] big = new byte[2 << 20];
        new Random(7).nextBytes(big);
        Path file = Files.write(work.resolve("big.bin"), big);
        Cli.Run push = cli.run(work, "push", "big", "-p", file.toString(), "-m", "64M");
        assertThat(push.code()).as(push.toString()).isEqualTo(1);
        assertThat(push.err()).contains("paas: the package is larger than the limit of 1 MiB")
                .contains("removed app big, which this push created");
        assertNothingCreated("big");
        try (var blobs = Files.walk(platform.dir.resolve("data"))) {
            assertThat(blobs.filter(Files::isRegularFile).filter(f -> f.toString().contains("/packages/")).toList())
                    .as("package files kept").isEmpty();
        }
    }

    @Test
    @Order(7)
    void aDiskQuotaOutOfRangeOrWithoutUnitIsRefused() throws Exception {
        Cli.Run flag = cli.run(work, "push", "tiny", "-p", "site", "-m", "64M", "-k", "16M");
        assertThat(flag.code()).as(flag.toString()).isEqualTo(2);
        assertThat(flag.err()).isEqualTo("paas: disk_quota: '16M' is out of range; choose between 64M and 32G\n");
        assertNothingCreated("tiny");
        Path dir = manifest("unitless", """
                applications:
                - name: unitless
                  path: ../site
                  disk_quota: 1024
                """);
        Cli.Run push = cli.run(dir, "push");
        assertThat(push.code()).as(push.toString()).isEqualTo(2);
        assertThat(push.err()).isEqualTo("paas: manifest.yml, line 4, column 15: disk_quota: '1024' is not a size; write a "
                + "whole number with M or G, such as 256M or 1G\n");
        assertNothingCreated("unitless");
    }

    @Test
    @Order(8)
    void anUnknownAttributeIsAWarningAndThePushGoesOn() throws Exception {
        // No instances: staging runs, nothing waits for a node (this test has none).
        Path dir = manifest("unknown", """
                applications:
                - name: warned
                  path: ../site
                  memory: 64M
                  instances: 0
                  favourite-colour: blue
                """);
        Cli.Run push = cli.run(dir, "push");
        assertThat(push.code()).as(push.toString()).isZero();
        assertThat(push.err()).contains("warning: manifest.yml, line 6, column 3: unknown attribute 'favourite-colour' of "
                + "application 'warned' is ignored");
        assertThat(apps("default")).containsExactly("warned");
        assertThat(platform.call("GET", "/v1/spaces/default/apps/warned/packages", null)).hasSize(1);
    }

    @Test
    @Order(9)
    void aNewAppWhoseStagingFailsLeavesNoAppRouteOrPackage() throws Exception {
        // A buildpack that does not apply fails in staging, after the app, its route and its
        // package were made: the CLI takes back what this push created.
        Cli.Run push = cli.run(work, "push", "flop", "-p", "site", "-m", "64M", "-b", "go_buildpack");
        assertThat(push.code()).as(push.toString()).isEqualTo(1);
        assertThat(push.out() + push.err()).contains("the go buildpack does not apply: it looks for go.mod")
                .contains("removed app flop, which this push created");
        assertThat(apps("default")).containsExactly("warned");
        assertThat(hosts("default")).doesNotContain("flop.localhost");
        assertThat(platform.status("GET", "/v1/spaces/default/apps/flop", null)).isEqualTo(404);
        assertThat(platform.status("GET", "/v1/spaces/default/apps/flop/packages", null)).isEqualTo(404);
    }

    Path manifest(String name, String yaml) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        Files.writeString(dir.resolve("manifest.yml"), yaml);
        return dir;
    }

    /** No app, route or package in the pusher's space; {@code name} in particular is unknown to the API. */
    void assertNothingCreated(String name) throws Exception {
        assertThat(apps("default")).isEmpty();
        assertThat(hosts("default")).isEmpty();
        assertThat(platform.status("GET", "/v1/spaces/default/apps/" + name, null)).isEqualTo(404);
        assertThat(platform.status("GET", "/v1/spaces/default/apps/" + name + "/packages", null)).isEqualTo(404);
    }

    List<String> apps(String space) throws Exception {
        return names(platform.call("GET", "/v1/spaces/" + space + "/apps", null), "name");
    }

    List<String> hosts(String space) throws Exception {
        return names(platform.call("GET", "/v1/spaces/" + space + "/routes", null), "host");
    }

    static List<String> names(JsonNode page, String field) {
        List<String> out = new ArrayList<>();
        (page.has("items") ? page.get("items") : page).forEach(n -> out.add(n.path(field).asText()));
        return out;
    }
}
