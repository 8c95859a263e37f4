package dev.paas.api.rest;

import static dev.paas.api.rest.Api.admin;
import static dev.paas.api.rest.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.paas.api.rest.BrokerDouble.Op;
import dev.paas.api.rest.BrokerDouble.Reply;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Registering service brokers (their catalog fetched and stored at once, their password sealed and
 * never shown), the marketplace, updating and deleting brokers; a broker that fails or cannot be
 * reached is a 502 naming it, with nothing written.
 */
@QuarkusTest
public class BrokerApiTest extends ApiTestBase {

    BrokerDouble broker;
    String name;

    @BeforeEach
    void setUp() {
        broker = BrokerDouble.start();
        name = Api.unique("broker");
    }

    @AfterEach
    void tearDown() {
        broker.close();
    }

    static Map<String, Object> body(String name, String url) {
        Map<String, Object> m = new HashMap<>();
        m.put("name", name);
        m.put("url", url);
        m.put("username", BrokerDouble.USER);
        m.put("password", BrokerDouble.PASSWORD);
        return m;
    }

    /** Registers the double as broker {@code name}. */
    public static void register(String name, BrokerDouble broker) {
        Api.check(admin().body(body(name, broker.url())).post("/v1/service-brokers"), 201);
    }

    @Test
    void aRegisteredBrokersCatalogIsTheMarketplace() throws Exception {
        String answer = admin().body(body(name, broker.url())).post("/v1/service-brokers").then().statusCode(201)
                .body("name", equalTo(name)).body("url", equalTo(broker.url())).body("username", equalTo(BrokerDouble.USER))
                .body("offerings", equalTo(List.of(broker.offering))).extract().asString();
        assertThat(answer).doesNotContain(BrokerDouble.PASSWORD).doesNotContain("password");
        BrokerDouble.Request catalog = broker.requests(Op.CATALOG).get(0);
        assertThat(catalog.headers()).containsEntry("x-broker-api-version", "2.17");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select password from service_brokers")) {
            while (rs.next()) {
                assertThat(rs.getString(1)).startsWith("v1:").doesNotContain(BrokerDouble.PASSWORD);
            }
        }
        assertThat(admin().get("/v1/service-brokers?perPage=200").asString()).contains(name).doesNotContain(BrokerDouble.PASSWORD);

        String dev = Api.developer(Api.unique("dev"));
        as(dev).get("/v1/marketplace").then().statusCode(200).body("items.offering", hasItem(broker.offering));
        as(dev).get("/v1/marketplace?offering=" + broker.offering).then().statusCode(200)
                .body("items.size()", equalTo(1))
                .body("items[0].broker", equalTo(name)).body("items[0].description", equalTo("a test offering"))
                .body("items[0].tags", equalTo(List.of("relational", "test"))).body("items[0].bindable", equalTo(true))
                .body("items[0].plans.name", equalTo(List.of("small", "large")))
                .body("items[0].plans.free", equalTo(List.of(true, false)));
        refused(404, "NOT_FOUND", () -> as(dev).get("/v1/marketplace?offering=no-such-offering"));
        refused(403, "FORBIDDEN", () -> as(dev).body(body(Api.unique("b"), broker.url())).post("/v1/service-brokers"));
        String events = admin().get("/v1/events?perPage=200").asString();
        assertThat(events).contains("service_broker.create").doesNotContain(BrokerDouble.PASSWORD);
    }

    @Test
    void badRegistrationsAreRefusedNamingTheFieldAndWriteNothing() throws IOException {
        register(name, broker);
        String fresh = Api.unique("b");
        for (String field : List.of("name", "url", "username", "password")) {
            Map<String, Object> b = body(fresh, broker.url());
            b.remove(field);
            refused(400, "INVALID_FIELD", field, () -> admin().body(b).post("/v1/service-brokers"));
        }
        Map<String, Object> badUrl = body(fresh, "ftp://127.0.0.1/x");
        refused(400, "INVALID_FIELD", "url", () -> admin().body(badUrl).post("/v1/service-brokers"));
        Map<String, Object> withUser = body(fresh, "http://user:pw@127.0.0.1:1/");
        refused(400, "INVALID_FIELD", "url", () -> admin().body(withUser).post("/v1/service-brokers"));
        refused(400, "INVALID_FIELD", "name", () -> admin().body(body(" x", broker.url())).post("/v1/service-brokers"));
        refused(400, "MALFORMED_REQUEST", "body", () -> admin().body("{\"name\":").post("/v1/service-brokers"));
        Map<String, Object> unknown = body(fresh, broker.url());
        unknown.put("spaceGuid", "x");
        refused(400, "MALFORMED_REQUEST", "spaceGuid", () -> admin().body(unknown).post("/v1/service-brokers"));
        refused(409, "ALREADY_EXISTS", () -> admin().body(body(name, broker.url())).post("/v1/service-brokers"));

        // A broker that fails: 502 naming it and what it said, nothing written.
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String unreachable = refused(502, "BROKER_ERROR", () -> admin().body(body(fresh, "http://127.0.0.1:" + closed))
                .post("/v1/service-brokers")).jsonPath().getString("message");
        assertThat(unreachable).contains(fresh).contains("could not be reached");
        broker.script(Op.CATALOG, new Reply(500, "{\"description\":\"catalog db down\"}"));
        assertThat(refused(502, "BROKER_ERROR", () -> admin().body(body(fresh, broker.url())).post("/v1/service-brokers"))
                .jsonPath().getString("message")).contains("answered 500");
        broker.script(Op.CATALOG, new Reply(200, "{\"services\": [{\"name\": \"x\"}]}"));
        assertThat(refused(502, "BROKER_ERROR", () -> admin().body(body(fresh, broker.url())).post("/v1/service-brokers"))
                .jsonPath().getString("message")).contains("services[0].id");
        broker.script(Op.CATALOG, new Reply(200, "garbage"));
        refused(502, "BROKER_ERROR", () -> admin().body(body(fresh, broker.url())).post("/v1/service-brokers"));
        broker.script(Op.CATALOG, Reply.NEVER);
        assertThat(refused(502, "BROKER_ERROR", () -> admin().body(body(fresh, broker.url())).post("/v1/service-brokers"))
                .jsonPath().getString("message")).contains("timed out after 2 s");
        Map<String, Object> wrong = body(fresh, broker.url());
        wrong.put("password", "wrong");
        assertThat(refused(502, "BROKER_ERROR", () -> admin().body(wrong).post("/v1/service-brokers"))
                .jsonPath().getString("message")).contains("user name and password");

        // Another broker offering a name already taken.
        try (BrokerDouble same = BrokerDouble.start()) {
            same.catalog = BrokerDouble.catalog(broker.offering, true).replace(broker.offering + "-id", "other-id");
            assertThat(refused(409, "CONFLICT", () -> admin().body(body(fresh, same.url())).post("/v1/service-brokers"))
                    .jsonPath().getString("message")).contains(broker.offering).contains(name);
        }
    }

    @Test
    void anUpdateFetchesTheCatalogAgainAndADeleteWaitsForItsInstances() {
        register(name, broker);
        String renamed = Api.unique("offer");
        broker.catalog = BrokerDouble.catalog(renamed, true).replace(renamed + "-id\"", broker.offering + "-id\"")
                .replace(renamed + "-small-id", broker.offering + "-small-id");
        admin().body(Map.of()).put("/v1/service-brokers/" + name).then().statusCode(200).body("offerings", equalTo(List.of(renamed)));
        admin().get("/v1/marketplace").then().body("items.offering", hasItem(renamed)).body("items.offering", not(hasItem(broker.offering)));
        // A password the broker refuses: 502, the old one kept.
        refused(502, "BROKER_ERROR", () -> admin().body(Map.of("password", "wrong")).put("/v1/service-brokers/" + name));
        refused(400, "INVALID_FIELD", "url", () -> admin().body(Map.of("url", "nope")).put("/v1/service-brokers/" + name));
        refused(404, "NOT_FOUND", () -> admin().body(Map.of()).put("/v1/service-brokers/no-such-broker"));

        String space = Api.unique("sp");
        Api.space(space);
        Api.check(admin().body(Map.of("name", "db", "offering", renamed, "plan", "small")).post("/v1/spaces/" + space + "/service-instances"), 201);
        assertThat(refused(409, "CONFLICT", () -> admin().delete("/v1/service-brokers/" + name)).jsonPath().getString("message"))
                .contains(space + "/db");
        Api.check(admin().delete("/v1/spaces/" + space + "/service-instances/db"), 204);
        admin().delete("/v1/service-brokers/" + name).then().statusCode(204);
        refused(404, "NOT_FOUND", () -> admin().get("/v1/marketplace?offering=" + renamed));
        refused(404, "NOT_FOUND", () -> admin().delete("/v1/service-brokers/" + name));
    }
}
