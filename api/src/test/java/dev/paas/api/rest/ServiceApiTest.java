package dev.paas.api.rest;

import static dev.paas.api.rest.Api.admin;
import static dev.paas.api.rest.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * User-provided service instances and bindings: credentials sealed at rest and kept out of events,
 * VCAP_SERVICES in Cloud Foundry's shape from the next revision on (restart), rollback restoring
 * what was bound, and every bad input refused naming its field with nothing written.
 */
@QuarkusTest
class ServiceApiTest extends ApiTestBase {

    static final String SECRET = "pa55-w0rd-never-logged";
    static final ObjectMapper JSON = new ObjectMapper();
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

    String services() {
        return "/v1/spaces/" + space + "/service-instances";
    }

    String bindings() {
        return "/v1/spaces/" + space + "/apps/web/service-bindings";
    }

    void cups(String name) {
        as(dev).body(Map.of("name", name, "credentials", Map.of("username", "admin", "password", SECRET),
                "syslogDrainUrl", "syslog://logs.example:514", "tags", List.of("db", "pg"))).post(services())
                .then().statusCode(201);
    }

    @Test
    void credentialsAreShownOnlyByTheirEndpointSealedAtRestAndNeverInEvents() throws Exception {
        cups("db");
        as(dev).get(services() + "/db").then().statusCode(200).body("type", equalTo("user-provided"))
                .body("credentialKeys", equalTo(List.of("password", "username"))).body("tags", equalTo(List.of("db", "pg")))
                .body("syslogDrainUrl", equalTo("syslog://logs.example:514")).body("bindings", equalTo(List.of()));
        assertThat(as(dev).get(services()).asString()).contains("\"db\"").doesNotContain(SECRET);
        as(dev).get(services() + "/db/credentials").then().statusCode(200).body("credentials.password", equalTo(SECRET));
        as(dev).body(Map.of("credentials", Map.of("password", SECRET + "2"), "syslogDrainUrl", "")).patch(services() + "/db")
                .then().statusCode(200).body("credentialKeys", equalTo(List.of("password"))).body("syslogDrainUrl", nullValue())
                .body("tags", equalTo(List.of("db", "pg")));
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select credentials from service_instances")) {
            while (rs.next()) {
                assertThat(rs.getString(1)).startsWith("v1:").doesNotContain(SECRET).doesNotContain("password");
            }
        }
        String events = as(dev).get("/v1/spaces/" + space + "/events").asString();
        assertThat(events).contains("service.create").contains("service.update").contains("password").doesNotContain(SECRET);
        as(dev).delete(services() + "/db").then().statusCode(204);
        refused(404, "NOT_FOUND", () -> as(dev).get(services() + "/db"));
    }

    @Test
    void aBindingReachesVcapServicesAtTheNextRestartAndRollbackRestoresIt() throws Exception {
        cups("db");
        Agents.stage(dataSource, space, "web");
        as(dev).body(Map.of("serviceInstance", "db", "bindingName", "primary")).post(bindings()).then().statusCode(201)
                .body("serviceInstance", equalTo("db")).body("bindingName", equalTo("primary"));
        // Not applied yet: the running revision was made before the binding.
        as(dev).get("/v1/spaces/" + space + "/apps/web/env").then().body("system.VCAP_SERVICES", equalTo("{}"));
        as(dev).post("/v1/spaces/" + space + "/apps/web/restart").then().statusCode(200).body("number", equalTo(2));
        String vcap = as(dev).get("/v1/spaces/" + space + "/apps/web/env").path("system.VCAP_SERVICES");
        JsonNode ups = JSON.readTree(vcap).get("user-provided");
        assertThat(JSON.readTree(vcap).size()).isEqualTo(1);
        assertThat(ups.size()).isEqualTo(1);
        JsonNode e = ups.get(0);
        assertThat(e.get("label").asText()).isEqualTo("user-provided");
        assertThat(e.get("name").asText()).isEqualTo("primary");
        assertThat(e.get("instance_name").asText()).isEqualTo("db");
        assertThat(e.get("binding_name").asText()).isEqualTo("primary");
        assertThat(e.get("credentials").get("password").asText()).isEqualTo(SECRET);
        assertThat(e.get("syslog_drain_url").asText()).isEqualTo("syslog://logs.example:514");
        assertThat(e.get("volume_mounts").isArray()).isTrue();
        assertThat(e.get("tags").toString()).isEqualTo("[\"db\",\"pg\"]");
        assertThat(e.get("instance_guid").asText()).isEqualTo(as(dev).get(services() + "/db").path("guid"));
        assertThat(e.get("binding_guid").asText()).isEqualTo(as(dev).get(bindings()).path("[0].guid"));
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select services from revisions where services is not null")) {
            while (rs.next()) {
                assertThat(rs.getString(1)).startsWith("v1:").doesNotContain(SECRET);
            }
        }

        // An instance of that revision receives it from the agent endpoint.
        String node = Api.unique("node");
        String credential = Agents.join(Agents.joinToken(Api.unique("pool")), node);
        long instance = Agents.place(dataSource, space, "web", node, 0);
        Agents.sql(dataSource, "update instances set revision_id = (select revision_id from apps where id = ?) where id = ?",
                Agents.appId(dataSource, space, "web"), instance);
        Map<String, String> env = as(credential).get("/v1/agent/desired").path("instances[0].env");
        assertThat(JSON.readTree(env.get("VCAP_SERVICES"))).isEqualTo(JSON.readTree(vcap));

        refused(409, "CONFLICT", () -> as(dev).delete(services() + "/db")).then()
                .body("message", org.hamcrest.Matchers.containsString("unbind"));
        as(dev).delete(bindings() + "/db").then().statusCode(204);
        // Revision 3 is the one Agents.place made for its instance.
        as(dev).post("/v1/spaces/" + space + "/apps/web/restart").then().statusCode(200).body("number", equalTo(4));
        as(dev).get("/v1/spaces/" + space + "/apps/web/env").then().body("system.VCAP_SERVICES", equalTo("{}"));
        as(dev).body(Map.of("version", 2)).post("/v1/spaces/" + space + "/apps/web/rollback").then().statusCode(200);
        assertThat(JSON.readTree((String) as(dev).get("/v1/spaces/" + space + "/apps/web/env").path("system.VCAP_SERVICES")))
                .isEqualTo(JSON.readTree(vcap));
        String events = as(dev).get("/v1/spaces/" + space + "/events").asString();
        assertThat(events).contains("service.bind").contains("service.unbind").doesNotContain(SECRET);
        as(dev).delete(services() + "/db").then().statusCode(204);
    }

    @Test
    void badInstancesAreRefusedNamingTheFieldAndWriteNothing() {
        cups("db");
        refused(400, "INVALID_FIELD", "name", () -> as(dev).body(Map.of("credentials", Map.of())).post(services()));
        refused(400, "INVALID_FIELD", "credentials", () -> as(dev).body(Map.of("name", "x")).post(services()));
        refused(400, "MALFORMED_REQUEST", "credentials", () -> as(dev).body(Map.of("name", "x", "credentials", "text")).post(services()));
        refused(400, "MALFORMED_REQUEST", "body", () -> as(dev).body("{\"name\": ").post(services()));
        refused(400, "INVALID_FIELD", "routeServiceUrl", () -> as(dev).body(Map.of("name", "x", "credentials", Map.of(),
                "routeServiceUrl", "https://proxy.example")).post(services()));
        refused(400, "INVALID_FIELD", "syslogDrainUrl", () -> as(dev).body(Map.of("name", "x", "credentials", Map.of(),
                "syslogDrainUrl", "ftp://logs")).post(services()));
        refused(400, "INVALID_FIELD", "tags[1]", () -> as(dev).body(Map.of("name", "x", "credentials", Map.of(),
                "tags", List.of("a", " "))).post(services()));
        refused(400, "INVALID_FIELD", "name", () -> as(dev).body(Map.of("name", "x\ny", "credentials", Map.of())).post(services()));
        refused(409, "ALREADY_EXISTS", () -> as(dev).body(Map.of("name", "db", "credentials", Map.of())).post(services()));
        refused(400, "INVALID_FIELD", "syslogDrainUrl", () -> as(dev).body(Map.of("syslogDrainUrl", "nope")).patch(services() + "/db"));
        refused(404, "NOT_FOUND", () -> as(dev).body(Map.of("tags", List.of())).patch(services() + "/nope"));
    }

    @Test
    void badBindingsAreRefusedNamingTheFieldAndWriteNothing() {
        cups("db");
        refused(400, "INVALID_FIELD", "serviceInstance", () -> as(dev).body(Map.of("serviceInstance", "nope")).post(bindings()));
        refused(400, "INVALID_FIELD", "serviceInstance", () -> as(dev).body(Map.of()).post(bindings()));
        refused(400, "INVALID_FIELD", "parameters", () -> as(dev).body(Map.of("serviceInstance", "db",
                "parameters", Map.of("a", 1))).post(bindings()));
        refused(400, "INVALID_FIELD", "bindingName", () -> as(dev).body(Map.of("serviceInstance", "db", "bindingName", " "))
                .post(bindings()));
        refused(400, "MALFORMED_REQUEST", "body", () -> as(dev).body("[").post(bindings()));
        refused(404, "NOT_FOUND", () -> as(dev).body(Map.of("serviceInstance", "db")).post("/v1/spaces/" + space + "/apps/nope/service-bindings"));
        as(dev).body(Map.of("serviceInstance", "db")).post(bindings()).then().statusCode(201).body("bindingName", nullValue());
        refused(409, "ALREADY_EXISTS", () -> as(dev).body(Map.of("serviceInstance", "db")).post(bindings()));
        refused(404, "NOT_FOUND", () -> as(dev).delete(bindings() + "/nope"));

        // Another space's instance: by name or guid, refused on serviceInstance, naming the space only to who may see it.
        String other = Api.unique("sp");
        String d = Api.unique("dev");
        String devB = Api.developer(d);
        Api.space(other, d);
        as(devB).body(Map.of("name", "theirs", "credentials", Map.of("k", "v"))).post("/v1/spaces/" + other + "/service-instances")
                .then().statusCode(201);
        String guid = as(devB).get("/v1/spaces/" + other + "/service-instances/theirs").path("guid");
        String byDev = refused(400, "INVALID_FIELD", "serviceInstance", () -> as(dev).body(Map.of("serviceInstance", guid)).post(bindings()))
                .jsonPath().getString("message");
        assertThat(byDev).doesNotContain(other);
        String byAdmin = refused(400, "INVALID_FIELD", "serviceInstance", () -> admin().body(Map.of("serviceInstance", guid))
                .post(bindings())).jsonPath().getString("message");
        assertThat(byAdmin).contains(other).contains("own space");
        refused(400, "INVALID_FIELD", "serviceInstance", () -> admin().body(Map.of("serviceInstance", "theirs")).post(bindings()));
        refused(404, "NOT_FOUND", () -> as(devB).get(services() + "/db"));
        refused(404, "NOT_FOUND", () -> as(devB).get(services() + "/db/credentials"));
    }
}
