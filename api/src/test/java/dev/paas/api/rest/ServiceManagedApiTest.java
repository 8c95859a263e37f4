package dev.paas.api.rest;

import static dev.paas.api.rest.Api.admin;
import static dev.paas.api.rest.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.api.rest.BrokerDouble.Op;
import dev.paas.api.rest.BrokerDouble.Reply;
import dev.paas.api.service.ServiceOperationPoller;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Managed service instances and bindings against a scripted broker: synchronous and
 * asynchronous operations (polled by rounds the test drives), orphan mitigation after 5xx,
 * time-outs and unreadable answers (the DELETE is seen by the broker), 422 ConcurrencyError as a
 * 409 with nothing changed, and, after every failure, a database with nothing half-made.
 */
@QuarkusTest
class ServiceManagedApiTest extends ApiTestBase {

    static final ObjectMapper JSON = new ObjectMapper();
    BrokerDouble broker;
    String space;
    String dev;

    @Inject
    ServiceOperationPoller poller;

    @BeforeEach
    void setUp() {
        broker = BrokerDouble.start();
        BrokerApiTest.register(Api.unique("broker"), broker);
        broker.reset();
        space = Api.unique("sp");
        String d = Api.unique("dev");
        dev = Api.developer(d);
        Api.space(space, d);
        Api.app(space, "web");
    }

    @AfterEach
    void tearDown() {
        broker.close();
    }

    String services() {
        return "/v1/spaces/" + space + "/service-instances";
    }

    String bindings() {
        return "/v1/spaces/" + space + "/apps/web/service-bindings";
    }

    Map<String, Object> managed(String name) {
        return Map.of("name", name, "offering", broker.offering, "plan", "small");
    }

    Response create(String name) {
        return as(dev).body(managed(name)).post(services());
    }

    /** Runs {@code request}, expects {@code status} and {@code code}; only {@code tables} may change. */
    Response onlyChanging(int status, String code, List<String> tables, Supplier<Response> request) {
        DbSnapshot before = DbSnapshot.take(dataSource);
        Response r = request.get();
        r.then().statusCode(status).body("code", equalTo(code));
        assertThat(DbSnapshot.take(dataSource).changedSince(before)).as("tables changed").isSubsetOf(tables);
        return r;
    }

    @Test
    void aSynchronousInstanceIsBoundReachesVcapServicesAndOpensItsEndpoint() throws Exception {
        create("db").then().statusCode(201).body("type", equalTo("managed")).body("offering", equalTo(broker.offering))
                .body("plan", equalTo("small")).body("lastOperation.type", equalTo("create"))
                .body("lastOperation.state", equalTo("succeeded")).body("credentialKeys", equalTo(List.of()));
        BrokerDouble.Request provision = broker.requests(Op.PROVISION).get(0);
        assertThat(provision.query()).containsEntry("accepts_incomplete", "true");
        assertThat(provision.headers()).containsEntry("x-broker-api-version", "2.17").containsKey("x-broker-api-originating-identity");
        assertThat(provision.json()).containsEntry("service_id", broker.offering + "-id").containsEntry("plan_id", broker.offering + "-small-id");
        String guid = as(dev).get(services() + "/db").path("guid");
        assertThat(provision.path()).isEqualTo("/v2/service_instances/" + guid);

        Agents.stage(dataSource, space, "web");
        as(dev).body(Map.of("serviceInstance", "db", "parameters", Map.of("role", "reader"))).post(bindings()).then().statusCode(201)
                .body("serviceInstance", equalTo("db")).body("lastOperation", nullValue());
        BrokerDouble.Request bind = broker.requests(Op.BIND).get(0);
        assertThat(bind.json()).containsEntry("parameters", Map.of("role", "reader")).containsKey("bind_resource");
        assertThat(bind.path()).startsWith("/v2/service_instances/" + guid + "/service_bindings/");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select credentials, egress_address, egress_port from service_bindings where broker_binding_id is not null")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).startsWith("v1:").doesNotContain("s3cret-from-broker");
        }
        refused(409, "CONFLICT", () -> as(dev).delete(services() + "/db")).then().body("message", containsString("web"));
        refused(409, "CONFLICT", () -> as(dev).delete("/v1/spaces/" + space + "/apps/web")).then().body("message", containsString("db"));
        refused(409, "CONFLICT", () -> as(dev).get(services() + "/db/credentials"));

        as(dev).post("/v1/spaces/" + space + "/apps/web/restart").then().statusCode(200);
        JsonNode vcap = JSON.readTree((String) as(dev).get("/v1/spaces/" + space + "/apps/web/env").path("system.VCAP_SERVICES"));
        JsonNode e = vcap.get(broker.offering).get(0);
        assertThat(e.get("label").asText()).isEqualTo(broker.offering);
        assertThat(e.get("plan").asText()).isEqualTo("small");
        assertThat(e.get("name").asText()).isEqualTo("db");
        assertThat(e.get("instance_name").asText()).isEqualTo("db");
        assertThat(e.get("credentials").get("password").asText()).isEqualTo("s3cret-from-broker");
        assertThat(e.get("tags").toString()).isEqualTo("[\"relational\",\"test\"]");
        assertThat(e.get("volume_mounts").isArray()).isTrue();
        assertThat(e.get("instance_guid").asText()).isEqualTo(guid);
        assertThat(bind.path()).endsWith("/" + e.get("binding_guid").asText());

        // A user-provided binding whose credentials name a host and port opens nothing.
        as(dev).body(Map.of("name", "ups", "credentials", Map.of("host", "10.1.2.3", "port", 22))).post(services()).then().statusCode(201);
        as(dev).body(Map.of("serviceInstance", "ups")).post(bindings()).then().statusCode(201);
        String node = Api.unique("node");
        String credential = Agents.join(Agents.joinToken(Api.unique("pool")), node);
        Agents.place(dataSource, space, "web", node, 0);
        as(credential).get("/v1/agent/desired").then().statusCode(200)
                .body("instances[0].serviceEgress", equalTo(List.of(Map.of("protocol", "tcp", "destination", "127.0.0.1", "ports", "5432"))));

        long version = ((Number) as(credential).get("/v1/agent/desired").path("version")).longValue();
        as(dev).delete(bindings() + "/db").then().statusCode(204);
        BrokerDouble.Request unbind = broker.requests(Op.UNBIND).get(0);
        assertThat(unbind.path()).isEqualTo(bind.path());
        assertThat(unbind.query()).containsEntry("service_id", broker.offering + "-id").containsEntry("plan_id", broker.offering + "-small-id");
        Response desired = as(credential).get("/v1/agent/desired");
        assertThat(((Number) desired.path("version")).longValue()).as("the node hears of the closed endpoint").isGreaterThan(version);
        assertThat(desired.<List<?>>path("instances[0].serviceEgress")).isEmpty();
        as(dev).delete(services() + "/db").then().statusCode(204);
        assertThat(broker.requests(Op.DEPROVISION).get(0).path()).isEqualTo("/v2/service_instances/" + guid);
        refused(404, "NOT_FOUND", () -> as(dev).get(services() + "/db"));
        String events = as(dev).get("/v1/spaces/" + space + "/events?perPage=200").asString();
        assertThat(events).contains("service.bind").contains("service.unbind").doesNotContain("s3cret-from-broker");
    }

    @Test
    void asynchronousOperationsArePolledUntilTheyEnd() {
        broker.script(Op.PROVISION, Reply.json(202, Map.of("operation", "op-create")));
        broker.script(Op.LAST_OPERATION, Reply.inProgress(), Reply.inProgress());
        create("db").then().statusCode(202).body("lastOperation.type", equalTo("create"))
                .body("lastOperation.state", equalTo("in progress"));
        refused(409, "CONFLICT", () -> as(dev).body(Map.of("serviceInstance", "db")).post(bindings()))
                .then().body("message", containsString("another operation is in progress on this service instance"));
        refused(409, "CONFLICT", () -> as(dev).delete(services() + "/db"));
        for (int i = 0; i < 2; i++) {
            assertThat(poller.round()).isGreaterThanOrEqualTo(1);
            as(dev).get(services() + "/db").then().body("lastOperation.state", equalTo("in progress"))
                    .body("lastOperation.description", equalTo("working"));
        }
        poller.round();
        as(dev).get(services() + "/db").then().body("lastOperation.state", equalTo("succeeded"));
        assertThat(broker.requests(Op.LAST_OPERATION)).hasSize(3)
                .allSatisfy(r -> assertThat(r.query()).containsEntry("operation", "op-create"));
        int polls = broker.requests(Op.LAST_OPERATION).size();
        poller.round();
        assertThat(broker.requests(Op.LAST_OPERATION)).as("a finished operation is not polled").hasSize(polls);

        // An asynchronous delete that fails, then one that works.
        broker.script(Op.DEPROVISION, Reply.json(202, Map.of("operation", "op-delete")));
        broker.script(Op.LAST_OPERATION, Reply.json(200, Map.of("state", "failed", "description", "disk busy")));
        as(dev).delete(services() + "/db").then().statusCode(202).body("lastOperation.type", equalTo("delete"))
                .body("lastOperation.state", equalTo("in progress"));
        poller.round();
        as(dev).get(services() + "/db").then().body("lastOperation.type", equalTo("delete"))
                .body("lastOperation.state", equalTo("failed")).body("lastOperation.description", equalTo("disk busy"));
        broker.script(Op.DEPROVISION, Reply.json(202, Map.of()));
        as(dev).delete(services() + "/db").then().statusCode(202);
        poller.round();
        refused(404, "NOT_FOUND", () -> as(dev).get(services() + "/db"));
    }

    @Test
    void anAsynchronousCreateThatFailsSaysWhyAndCannotBeBound() {
        broker.script(Op.PROVISION, Reply.json(202, Map.of("operation", "x")));
        broker.script(Op.LAST_OPERATION, new Reply(500, "{}"),
                Reply.json(200, Map.of("state", "failed", "description", "quota exceeded")));
        create("db").then().statusCode(202);
        poller.round();
        as(dev).get(services() + "/db").then().body("lastOperation.state", equalTo("in progress"));
        poller.round();
        as(dev).get(services() + "/db").then().body("lastOperation.type", equalTo("create"))
                .body("lastOperation.state", equalTo("failed")).body("lastOperation.description", equalTo("quota exceeded"));
        refused(409, "CONFLICT", () -> as(dev).body(Map.of("serviceInstance", "db")).post(bindings()))
                .then().body("message", containsString("quota exceeded"));
        as(dev).delete(services() + "/db").then().statusCode(204);
    }

    /** A create whose outcome is unknown: the broker gets the DELETE; the instance says so. */
    void orphanMitigated(Reply reply, String says) {
        broker.reset();
        broker.script(Op.PROVISION, reply);
        String name = Api.unique("db");
        String message = onlyChanging(502, "BROKER_ERROR", List.of("service_instances", "events"), () -> create(name))
                .jsonPath().getString("message");
        assertThat(message).contains(says).contains("the instance was deprovisioned");
        String guid = as(dev).get(services() + "/" + name).path("guid");
        assertThat(broker.requests(Op.DEPROVISION)).as("orphan mitigation").hasSize(1)
                .allSatisfy(r -> assertThat(r.path()).isEqualTo("/v2/service_instances/" + guid));
        as(dev).get(services() + "/" + name).then().body("lastOperation.type", equalTo("create"))
                .body("lastOperation.state", equalTo("failed")).body("lastOperation.description", equalTo(message))
                .body("bindings", equalTo(List.of()));
        as(dev).delete(services() + "/" + name).then().statusCode(204);
    }

    @Test
    void createsWithAnUnknownOutcomeAreDeletedAtTheBroker() {
        orphanMitigated(new Reply(500, "{\"description\":\"db exploded\"}"), "answered 500: db exploded");
        orphanMitigated(Reply.NEVER, "timed out after 2 s");
        orphanMitigated(new Reply(201, "{garbage"), "not a JSON object");
        orphanMitigated(new Reply(204, ""), "answered 204");
    }

    @Test
    void refusedCreatesWriteNothing() {
        broker.script(Op.PROVISION, new Reply(400, "{\"description\":\"size must be at most 10\"}"));
        assertThat(refused(502, "BROKER_ERROR", () -> create("db")).jsonPath().getString("message")).contains("size must be at most 10");
        broker.script(Op.PROVISION, Reply.json(422, Map.of("error", "ConcurrencyError")));
        refused(409, "CONFLICT", () -> create("db"));
        assertThat(broker.requests(Op.DEPROVISION)).as("nothing to mitigate").isEmpty();
    }

    @Test
    void bindsWithAnUnknownOutcomeAreUnboundAtTheBrokerAndLeaveNothing() {
        create("db").then().statusCode(201);
        for (Reply reply : List.of(new Reply(500, "{}"), Reply.NEVER, new Reply(201, "not json"), Reply.json(201, Map.of("credentials", "x")),
                Reply.json(202, Map.of("operation", "o")))) {
            broker.reset();
            broker.script(Op.BIND, reply);
            String message = refused(502, "BROKER_ERROR", () -> as(dev).body(Map.of("serviceInstance", "db")).post(bindings()))
                    .jsonPath().getString("message");
            assertThat(message).contains("the binding was removed at the broker").contains("no binding was made");
            assertThat(broker.requests(Op.UNBIND)).as("orphan mitigation after %s", reply).hasSize(1);
            assertThat(broker.requests(Op.UNBIND).get(0).path()).isEqualTo(broker.requests(Op.BIND).get(0).path());
        }
        broker.reset();
        broker.script(Op.BIND, Reply.json(422, Map.of("error", "ConcurrencyError")));
        refused(409, "CONFLICT", () -> as(dev).body(Map.of("serviceInstance", "db")).post(bindings()))
                .then().body("message", containsString("another operation is in progress on this service instance; try again"));
        broker.script(Op.BIND, Reply.json(422, Map.of("error", "AsyncRequired")));
        refused(502, "BROKER_ERROR", () -> as(dev).body(Map.of("serviceInstance", "db")).post(bindings()));
        assertThat(broker.requests(Op.UNBIND)).isEmpty();
    }

    @Test
    void failedDeletesAndUnbindsKeepWhatTheyCouldNotRemove() {
        create("db").then().statusCode(201);
        as(dev).body(Map.of("serviceInstance", "db")).post(bindings()).then().statusCode(201);
        broker.script(Op.UNBIND, Reply.json(422, Map.of("error", "ConcurrencyError")));
        refused(409, "CONFLICT", () -> as(dev).delete(bindings() + "/db"));
        broker.script(Op.UNBIND, new Reply(500, "{\"description\":\"role busy\"}"));
        assertThat(onlyChanging(502, "BROKER_ERROR", List.of("service_bindings"), () -> as(dev).delete(bindings() + "/db"))
                .jsonPath().getString("message")).contains("role busy").contains("kept");
        as(dev).get(bindings()).then().body("[0].serviceInstance", equalTo("db")).body("[0].lastOperation.state", equalTo("failed"))
                .body("[0].lastOperation.description", containsString("role busy"));
        as(dev).delete(bindings() + "/db").then().statusCode(204);

        broker.script(Op.DEPROVISION, Reply.json(422, Map.of("error", "ConcurrencyError")));
        refused(409, "CONFLICT", () -> as(dev).delete(services() + "/db"));
        broker.script(Op.DEPROVISION, Reply.NEVER);
        assertThat(onlyChanging(502, "BROKER_ERROR", List.of("service_instances", "events"), () -> as(dev).delete(services() + "/db"))
                .jsonPath().getString("message")).contains("timed out after 2 s");
        as(dev).get(services() + "/db").then().body("lastOperation.type", equalTo("delete")).body("lastOperation.state", equalTo("failed"));
        as(dev).delete(services() + "/db").then().statusCode(204);
    }

    @Test
    void anEndpointNamedByAHostnameIsResolvedOnceAndAUriIsReadWithoutHostAndPort() {
        create("db").then().statusCode(201);
        as(dev).body(Map.of("name", "other", "offering", broker.offering, "plan", "small")).post(services()).then().statusCode(201);
        broker.credentials = Map.of("host", "localhost", "port", "6001", "password", "x");
        as(dev).body(Map.of("serviceInstance", "db")).post(bindings()).then().statusCode(201);
        broker.credentials = Map.of("uri", "mysql://u:p@10.9.8.7:3306/x");
        as(dev).body(Map.of("serviceInstance", "other")).post(bindings()).then().statusCode(201);
        String node = Api.unique("node");
        String credential = Agents.join(Agents.joinToken(Api.unique("pool")), node);
        Agents.place(dataSource, space, "web", node, 0);
        as(credential).get("/v1/agent/desired").then().statusCode(200).body("instances[0].serviceEgress", equalTo(List.of(
                Map.of("protocol", "tcp", "destination", "127.0.0.1", "ports", "6001"),
                Map.of("protocol", "tcp", "destination", "10.9.8.7", "ports", "3306"))));
    }

    @Test
    void aCreateItsControlPlaneNeverFinishedIsDeletedAtTheBroker() {
        create("db").then().statusCode(201);
        String guid = as(dev).get(services() + "/db").path("guid");
        // As a control plane leaves it when it stops during the broker call.
        Agents.sql(dataSource, "update service_instances set last_operation_state = 'in progress', next_poll_at = null, "
                + "operation_started_at = now() - interval '1 hour' where name = 'db' and space_id = (select id from spaces where name = ?)", space);
        poller.round();
        assertThat(broker.requests(Op.DEPROVISION)).hasSize(1).allSatisfy(r -> assertThat(r.path()).endsWith(guid));
        as(dev).get(services() + "/db").then().body("lastOperation.type", equalTo("create")).body("lastOperation.state", equalTo("failed"))
                .body("lastOperation.description", containsString("the control plane stopped while broker"))
                .body("lastOperation.description", containsString("the instance was deprovisioned"));
        poller.round();
        assertThat(broker.requests(Op.DEPROVISION)).as("mitigated once").hasSize(1);
    }

    @Test
    void anOperationPolledPastItsLimitHasFailed() {
        broker.script(Op.PROVISION, Reply.json(202, Map.of("operation", "slow")));
        broker.script(Op.LAST_OPERATION, Reply.inProgress(), Reply.inProgress());
        create("db").then().statusCode(202);
        poller.round();
        as(dev).get(services() + "/db").then().body("lastOperation.state", equalTo("in progress"));
        // As if it had started two days ago (the default limit is 24 h).
        Agents.sql(dataSource, "update service_instances set operation_started_at = now() - interval '2 days' where name = 'db' and space_id = "
                + "(select id from spaces where name = ?)", space);
        poller.round();
        as(dev).get(services() + "/db").then().body("lastOperation.state", equalTo("failed"))
                .body("lastOperation.description", containsString("did not finish within 86400 s"));
    }

    @Test
    void badManagedInputIsRefusedNamingTheField() {
        refused(400, "INVALID_FIELD", "offering", () -> as(dev).body(Map.of("name", "x", "offering", "no-such", "plan", "small")).post(services()));
        refused(400, "INVALID_FIELD", "offering", () -> as(dev).body(Map.of("name", "x", "plan", "small")).post(services()));
        assertThat(refused(400, "INVALID_FIELD", "plan", () -> as(dev).body(Map.of("name", "x", "offering", broker.offering, "plan", "huge"))
                .post(services())).jsonPath().getString("message")).contains("small, large");
        refused(400, "INVALID_FIELD", "plan", () -> as(dev).body(Map.of("name", "x", "offering", broker.offering)).post(services()));
        refused(400, "INVALID_FIELD", "credentials", () -> as(dev).body(Map.of("name", "x", "offering", broker.offering, "plan", "small",
                "credentials", Map.of())).post(services()));
        refused(400, "INVALID_FIELD", "name", () -> as(dev).body(Map.of("offering", broker.offering, "plan", "small")).post(services()));
        refused(400, "MALFORMED_REQUEST", "parameters", () -> as(dev).body(Map.of("name", "x", "offering", broker.offering, "plan", "small",
                "parameters", "text")).post(services()));
        refused(400, "INVALID_FIELD", "parameters", () -> as(dev).body(Map.of("name", "x", "credentials", Map.of(),
                "parameters", Map.of("a", 1))).post(services()));
        refused(400, "MALFORMED_REQUEST", "body", () -> as(dev).body("{\"name\": \"x\", \"offering\": ").post(services()));
        assertThat(broker.requests(Op.PROVISION)).isEmpty();

        // A plan that is not bindable; another space's managed instance.
        as(dev).body(Map.of("name", "big", "offering", broker.offering, "plan", "large")).post(services()).then().statusCode(201);
        refused(400, "INVALID_FIELD", "serviceInstance", () -> as(dev).body(Map.of("serviceInstance", "big")).post(bindings()));
        refused(409, "ALREADY_EXISTS", () -> create("big"));
        String other = Api.unique("sp");
        String d = Api.unique("dev");
        String devB = Api.developer(d);
        Api.space(other, d);
        Api.app(other, "theirs");
        String guid = as(dev).get(services() + "/big").path("guid");
        assertThat(refused(400, "INVALID_FIELD", "serviceInstance", () -> as(devB).body(Map.of("serviceInstance", guid))
                .post("/v1/spaces/" + other + "/apps/theirs/service-bindings")).jsonPath().getString("message")).doesNotContain(space);
        refused(400, "INVALID_FIELD", "serviceInstance", () -> admin().body(Map.of("serviceInstance", guid))
                .post("/v1/spaces/" + other + "/apps/theirs/service-bindings"));
        refused(404, "NOT_FOUND", () -> as(devB).delete(services() + "/big"));
        assertThat(broker.requests(Op.BIND)).isEmpty();
        refused(409, "CONFLICT", () -> admin().delete("/v1/spaces/" + space));
    }
}
