package dev.paas.api.rest;

import static dev.paas.api.rest.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.paas.api.staging.RecordingStager;
import dev.paas.api.staging.Stager;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Docker packages (Cloud Foundry's {@code --docker-image}): an image reference instead of bits,
 * pulled at every staging, the registry password sealed and never shown.
 */
@QuarkusTest
class DockerPackageApiTest extends ApiTestBase {

    static final String PASSWORD = "s3cret-registry-password";
    @Inject
    RecordingStager stager;
    String space;
    String dev;

    @BeforeEach
    void setUp() {
        space = Api.unique("sp");
        String d = Api.unique("dev");
        dev = Api.developer(d);
        Api.space(space, d);
        Api.app(space, "web");
    }

    String app() {
        return "/v1/spaces/" + space + "/apps/web";
    }

    static Map<String, Object> docker(String image, String username, String password) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("image", image);
        if (username != null) {
            d.put("username", username);
        }
        if (password != null) {
            d.put("password", password);
        }
        return Map.of("docker", d);
    }

    long build() {
        return ((Number) as(dev).body(Map.of()).post(app() + "/builds").then().statusCode(201).extract().path("id")).longValue();
    }

    @Test
    void aDockerPackageIsPulledAtStagingWithItsCredentialsAndTheSecretIsStoredSealed() throws Exception {
        String image = "127.0.0.1:5000/team/" + Api.unique("img") + ":1.0";
        as(dev).body(docker(image, "robot", PASSWORD)).post(app() + "/packages").then().statusCode(201)
                .body("type", equalTo("docker")).body("dockerImage", equalTo(image)).body("dockerUsername", equalTo("robot"))
                .body("sha256", nullValue()).body("$", not(org.hamcrest.Matchers.hasKey("password")))
                .body(not(containsString(PASSWORD)));
        long id = build();
        Api.awaitBuild(dev, app(), id).then().body("state", equalTo("STAGED")).body("revision", equalTo(1))
                .body("buildpack", nullValue());
        Stager.Input in = stager.staged().stream().filter(i -> i.docker().map(d -> d.image().equals(image)).orElse(false))
                .findFirst().orElseThrow();
        assertThat(in.docker().get().username()).hasValue("robot");
        assertThat(in.docker().get().password()).hasValue(PASSWORD);
        assertThat(in.docker().get().toString()).doesNotContain(PASSWORD);
        as(dev).get(app() + "/builds/" + id + "/log").then()
                .body(containsString("Staging build " + id + " (docker image " + image + " as robot, 256M)"))
                .body(containsString("pulling " + image)).body(not(containsString(PASSWORD)));
        as(dev).get(app() + "/revisions").then().body("[0].description", equalTo("build " + id + " of docker image " + image));
        as(dev).get(app()).then().body("dockerImage", equalTo(image));
        // Stored sealed, and in no event, package list or log.
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select docker_password from packages where docker_image = '" + image + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).startsWith("v1:").doesNotContain(PASSWORD);
        }
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from events where details::text like '%" + PASSWORD + "%'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
        as(dev).get(app() + "/packages").then().body("[0].dockerImage", equalTo(image)).body(not(containsString(PASSWORD)));
        as(dev).get("/v1/spaces/" + space + "/events?app=web").then().body(containsString("\"docker\":\"" + image + "\""))
                .body(not(containsString(PASSWORD)));
    }

    @Test
    void aRestagePullsAgainAndTakesTheNewDigestOfTheTag() throws Exception {
        String image = "registry.example.com/team/" + Api.unique("img") + ":latest";
        as(dev).body(docker(image, null, null)).post(app() + "/packages").then().statusCode(201).body("dockerUsername", nullValue());
        String first = Api.awaitBuild(dev, app(), build()).then().body("state", equalTo("STAGED")).extract().path("imageDigest");
        RecordingStager.DOCKER_GENERATIONS.put(image, 1);  // the tag now names another image
        long again = ((Number) as(dev).post(app() + "/restage").then().statusCode(201).extract().path("id")).longValue();
        String second = Api.awaitBuild(dev, app(), again).then().body("state", equalTo("STAGED")).body("revision", equalTo(2))
                .extract().path("imageDigest");
        assertThat(second).isNotEqualTo(first);
        assertThat(stager.staged().stream().filter(i -> i.docker().map(d -> d.image().equals(image)).orElse(false)).count())
                .isEqualTo(2);
    }

    @Test
    void theAppNamesTheImageItsCurrentRevisionWasPulledFromAcrossBitsAndRollback() {
        String image = "registry.example.com/team/" + Api.unique("img") + ":2";
        as(dev).body(docker(image, null, null)).post(app() + "/packages").then().statusCode(201);
        as(dev).get(app()).then().body("dockerImage", nullValue());  // not staged yet
        Api.awaitBuild(dev, app(), build()).then().body("state", equalTo("STAGED"));
        as(dev).get(app()).then().body("dockerImage", equalTo(image));
        byte[] bits = ("<html>" + Api.unique("site") + "</html>").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        as(dev).contentType("application/octet-stream").body(bits).put(app() + "/packages/" + PushApiTest.sha(bits)
                + "?filename=index.html").then().statusCode(201);
        Api.awaitBuild(dev, app(), build()).then().body("state", equalTo("STAGED")).body("revision", equalTo(2));
        as(dev).get(app()).then().body("dockerImage", nullValue());
        as(dev).body(Map.of("version", 1)).post(app() + "/rollback").then().statusCode(200);
        as(dev).get(app()).then().body("dockerImage", equalTo(image));
    }

    @Test
    void anImageThatCannotBePulledFailsTheBuildAndMakesNoRevision() {
        String image = "127.0.0.1:5000/missing/" + Api.unique("img");
        as(dev).body(docker(image, null, null)).post(app() + "/packages").then().statusCode(201);
        long id = build();
        Api.awaitBuild(dev, app(), id).then().body("state", equalTo("FAILED")).body("error", containsString("not found in registry"));
        as(dev).get(app() + "/builds/" + id + "/log").then().body(containsString("Staging failed: image " + image + ":latest not found"));
        as(dev).get(app() + "/revisions").then().body("size()", equalTo(0));
    }

    @Test
    void badDockerPackagesAreRefusedNamingTheFieldAndWriteNothing() {
        refused(400, "INVALID_FIELD", "docker.image", () -> as(dev).body(docker("Team/App", null, null)).post(app() + "/packages"))
                .then().body("message", equalTo("docker.image: 'Team/App': name components are lower-case letters, digits and"
                        + " . _ - separators, got: 'Team'"));
        refused(400, "INVALID_FIELD", "docker.image", () -> as(dev).body(docker("", null, null)).post(app() + "/packages"));
        refused(400, "INVALID_FIELD", "docker.image", () -> as(dev).body(Map.of("docker", Map.of())).post(app() + "/packages"));
        refused(400, "INVALID_FIELD", "docker.image", () -> as(dev).body(docker("app@sha256:xyz", null, null)).post(app() + "/packages"));
        refused(400, "INVALID_FIELD", "docker.password", () -> as(dev).body(docker("nginx", "robot", null)).post(app() + "/packages"))
                .then().body("message", containsString("is required with docker.username"));
        refused(400, "INVALID_FIELD", "docker.password", () -> as(dev).body(docker("nginx", null, PASSWORD)).post(app() + "/packages"))
                .then().body("message", not(containsString(PASSWORD)));
        refused(400, "INVALID_FIELD", "docker.username", () -> as(dev).body(docker("nginx", "a:b", PASSWORD)).post(app() + "/packages"));
        refused(400, "INVALID_FIELD", "docker.password", () -> as(dev).body(docker("nginx", "robot", "x".repeat(20_000)))
                .post(app() + "/packages"));
        refused(400, "INVALID_FIELD", "docker", () -> as(dev).body(Map.of("sha256", "a".repeat(64), "docker", Map.of("image", "nginx")))
                .post(app() + "/packages"));
        refused(400, "MALFORMED_REQUEST", "docker.registry", () -> as(dev).body(Map.of("docker", Map.of("image", "nginx", "registry", "x")))
                .post(app() + "/packages"));
    }

    @Test
    void aBuildOfADockerPackageTakesNoBuildpack() {
        as(dev).body(docker("nginx:1.25", null, null)).post(app() + "/packages").then().statusCode(201);
        refused(400, "INVALID_FIELD", "buildpack", () -> as(dev).body(Map.of("buildpack", "java")).post(app() + "/builds"))
                .then().body("message", containsString("is a docker image, which no buildpack stages"));
    }
}
