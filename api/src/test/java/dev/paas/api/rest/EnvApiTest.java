package dev.paas.api.rest;

import static dev.paas.api.rest.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The env at launch: restart applies the app's env without staging (same image), revisions record
 * env and image, rollback restores both, GET .../env shows what runs, and values stay out of events.
 */
@QuarkusTest
class EnvApiTest extends ApiTestBase {

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

    private int version() {
        return as(dev).get(app()).path("version");
    }

    private String stage() {
        byte[] bits = ("<html>" + Api.unique("env") + "</html>").getBytes(StandardCharsets.UTF_8);
        String sha = PushApiTest.sha(bits);
        as(dev).contentType("application/octet-stream").body(bits).put(app() + "/packages/" + sha + "?filename=index.html")
                .then().statusCode(201);
        long id = ((Number) as(dev).body(Map.of()).post(app() + "/builds").path("id")).longValue();
        Api.awaitBuild(dev, app(), id).then().body("state", equalTo("STAGED"));
        return sha;
    }

    @Test
    void restartAppliesTheEnvWithoutStagingAndRollbackRestoresBoth() {
        as(dev).body(Map.of("version", version(), "env", Map.of("GREETING", "hello"))).patch(app()).then().statusCode(200);
        String digest = stage();
        as(dev).get(app() + "/env").then().statusCode(200).body("revision", equalTo(1))
                .body("running", equalTo(Map.of("GREETING", "hello")));

        as(dev).body(Map.of("version", version(), "env", Map.of("GREETING", "bonjour", "API_TOKEN", "s3cr3t-value")))
                .patch(app()).then().statusCode(200);
        as(dev).get(app() + "/env").then().body("running", equalTo(Map.of("GREETING", "hello")))
                .body("env.GREETING", equalTo("bonjour"));

        as(dev).post(app() + "/restart").then().statusCode(200).body("number", equalTo(2)).body("imageDigest", equalTo(digest))
                .body("current", equalTo(true)).body("env", equalTo(List.of("API_TOKEN", "GREETING")));
        as(dev).get(app() + "/builds").then().body("size()", equalTo(1));  // no staging
        as(dev).get(app() + "/revisions").then().body("number", equalTo(List.of(2, 1)))
                .body("imageDigest", equalTo(List.of(digest, digest))).body("env", equalTo(List.of(List.of("API_TOKEN", "GREETING"), List.of("GREETING"))));
        as(dev).get(app() + "/env").then().body("revision", equalTo(2)).body("running.GREETING", equalTo("bonjour"))
                .body("system.MEMORY_LIMIT", equalTo("256m")).body("system.VCAP_SERVICES", equalTo("{}"));

        as(dev).body(Map.of("version", 1)).post(app() + "/rollback").then().statusCode(200).body("env", equalTo(List.of("GREETING")));
        as(dev).get(app() + "/env").then().body("revision", equalTo(1)).body("running", equalTo(Map.of("GREETING", "hello")))
                .body("env", equalTo(Map.of("GREETING", "hello")));
        as(dev).get(app()).then().body("env", equalTo(Map.of("GREETING", "hello")));

        String events = as(dev).get("/v1/spaces/" + space + "/events?app=web").asString();
        assertThat(events).contains("app.restart").contains("API_TOKEN").doesNotContain("s3cr3t-value").doesNotContain("bonjour");
    }

    @Test
    void restartStartsAStoppedAppAndRefusesOneNeverStaged() {
        refused(409, "CONFLICT", () -> as(dev).post(app() + "/restart"));
        refused(409, "CONFLICT", () -> as(dev).post(app() + "/restage"));  // no package either
        stage();
        as(dev).post(app() + "/stop").then().statusCode(200);
        as(dev).post(app() + "/restart").then().statusCode(200).body("number", equalTo(2));
        as(dev).get(app()).then().body("state", equalTo("STARTED"));
        List<String> actions = as(dev).get("/v1/spaces/" + space + "/events?app=web").path("items.action");
        assertThat(actions.subList(0, 2)).containsExactly("app.start", "app.restart");
    }

    @Test
    void restageOfAnAppPushedWithoutStartStagesItsNewestPackageAndStartsIt() {
        as(dev).post(app() + "/stop").then().statusCode(200);
        byte[] bits = ("<html>" + Api.unique("nostart") + "</html>").getBytes(StandardCharsets.UTF_8);
        String sha = PushApiTest.sha(bits);
        as(dev).contentType("application/octet-stream").body(bits).put(app() + "/packages/" + sha + "?filename=index.html")
                .then().statusCode(201);
        refused(409, "CONFLICT", () -> as(dev).post(app() + "/restart"));
        long id = ((Number) as(dev).post(app() + "/restage").then().statusCode(201).extract().path("id")).longValue();
        Api.awaitBuild(dev, app(), id).then().body("state", equalTo("STAGED")).body("imageDigest", equalTo(sha))
                .body("revision", equalTo(1));
        as(dev).get(app()).then().body("state", equalTo("STARTED"));
    }

    @Test
    void badEnvIsRefusedNamingTheVariableAndWritesNothing() {
        stage();
        refused(400, "INVALID_FIELD", "env.A", () -> as(dev).body(Map.of("version", version(), "env", Map.of("A", "x\ry")))
                .patch(app()));
        refused(400, "INVALID_FIELD", "env.VCAP_SERVICES", () -> as(dev).body(Map.of("version", version(), "env",
                Map.of("VCAP_SERVICES", "{}"))).patch(app()));
        Map<String, String> big = new java.util.TreeMap<>();
        for (int k = 0; k < 13; k++) {
            big.put("V" + k, "x".repeat(4000));  // 52 KB: more than the 48 KiB the guest leaves the app
        }
        refused(400, "INVALID_FIELD", "env", () -> as(dev).body(Map.of("version", version(), "env", big)).patch(app()));
        refused(404, "NOT_FOUND", () -> as(dev).get("/v1/spaces/" + space + "/apps/nope/env"));
    }

    @Test
    void anInstanceReceivesTheEnvOfItsRevisionAndWhatCloudFoundrySets() throws Exception {
        String node = Api.unique("node");
        String credential = Agents.join(Agents.joinToken(Api.unique("pool")), node);
        Api.route(space, Api.unique("web") + ".apps.example", "web");
        long instance = Agents.place(dataSource, space, "web", node, 1);
        Agents.sql(dataSource, "update revisions set env = '{\"GREETING\": \"hi\", \"MEMORY_LIMIT\": \"mine\"}'::jsonb "
                + "where id = (select revision_id from instances where id = ?)", instance);
        Agents.sql(dataSource, "update apps set env = '{\"GREETING\": \"not yet applied\"}'::jsonb where id = ?",
                Agents.appId(dataSource, space, "web"));
        Response desired = as(credential).get("/v1/agent/desired").then().statusCode(200).extract().response();
        Map<String, String> env = desired.path("instances[0].env");
        assertThat(env).containsEntry("GREETING", "hi").containsEntry("CF_INSTANCE_INDEX", "1")
                .containsEntry("MEMORY_LIMIT", "256m").containsEntry("VCAP_SERVICES", "{}")
                .containsEntry("PAAS_APP", "web").containsEntry("PAAS_SPACE", space).doesNotContainKey("PORT");
        assertThat(env.get("CF_INSTANCE_GUID")).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        JsonNode vcap = new ObjectMapper().readTree(env.get("VCAP_APPLICATION"));
        assertThat(vcap.get("application_name").asText()).isEqualTo("web");
        assertThat(vcap.get("name").asText()).isEqualTo("web");
        assertThat(vcap.get("space_name").asText()).isEqualTo(space);
        assertThat(vcap.get("instance_index").asInt()).isEqualTo(1);
        assertThat(vcap.get("instance_id").asText()).isEqualTo(env.get("CF_INSTANCE_GUID"));
        assertThat(vcap.get("limits").get("mem").asInt()).isEqualTo(256);
        assertThat(vcap.get("limits").get("disk").asInt()).isEqualTo(1024);
        assertThat(vcap.get("limits").get("fds").asInt()).isEqualTo(16384);
        assertThat(vcap.get("application_uris").get(0).asText()).endsWith(".apps.example");
        assertThat(vcap.get("uris")).isEqualTo(vcap.get("application_uris"));
        assertThat(vcap.get("application_version").asText()).isEqualTo(vcap.get("version").asText());
        assertThat(vcap.get("application_id").asText()).isNotEqualTo(vcap.get("space_id").asText());
    }
}
