package dev.paas.api.rest;

import static dev.paas.api.rest.Api.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class NodePoolApiTest extends ApiTestBase {

    @Inject
    DataSource ds;

    @Test
    void poolsAndJoinTokensShownOnceStoredHashed() throws Exception {
        String pool = Api.unique("pool");
        admin().body(Map.of("name", pool, "labels", Map.of("zone", "a", "disk.ssd", "true"))).post("/v1/node-pools")
                .then().statusCode(201).body("labels.zone", equalTo("a"));
        admin().get("/v1/node-pools/" + pool).then().statusCode(200).body("name", equalTo(pool));
        String token = admin().body(Map.of("description", "rack 1", "ttlHours", 24)).post("/v1/node-pools/" + pool + "/join-tokens")
                .then().statusCode(201).body("token", startsWith("paas_jt_")).body("expiresAt", notNullValue())
                .extract().path("token");
        admin().get("/v1/node-pools/" + pool + "/join-tokens").then().statusCode(200)
                .body("[0].token", equalTo(null)).body("[0].description", equalTo("rack 1"));
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery("select token_hash from join_tokens")) {
            while (rs.next()) {
                assertThat(rs.getString(1)).isNotEqualTo(token).hasSize(64);
            }
        }
        long id = ((Number) admin().get("/v1/node-pools/" + pool + "/join-tokens").path("[0].id")).longValue();
        admin().delete("/v1/node-pools/" + pool + "/join-tokens/" + id).then().statusCode(204);
        admin().get("/v1/node-pools/" + pool + "/join-tokens").then().body("[0].revokedAt", notNullValue());
        admin().delete("/v1/node-pools/" + pool).then().statusCode(204);
        admin().get("/v1/node-pools/" + pool).then().statusCode(404);
    }

    @Test
    void refusesBadPoolsAndTokens() {
        String pool = Api.unique("pool");
        Api.pool(pool);
        refused(400, "INVALID_FIELD", "name", () -> admin().body(Map.of("name", "Bad Pool")).post("/v1/node-pools"));
        refused(400, "INVALID_FIELD", "labels", () -> admin().body(Map.of("name", Api.unique("p"), "labels", Map.of("Bad Key", "x"))).post("/v1/node-pools"));
        refused(409, "ALREADY_EXISTS", () -> admin().body(Map.of("name", pool)).post("/v1/node-pools"));
        refused(400, "INVALID_FIELD", "ttlHours", () -> admin().body(Map.of("ttlHours", 0)).post("/v1/node-pools/" + pool + "/join-tokens"));
        refused(400, "INVALID_FIELD", "description", () -> admin().body(Map.of("description", "x".repeat(300))).post("/v1/node-pools/" + pool + "/join-tokens"));
        refused(404, "NOT_FOUND", () -> admin().body(Map.of()).post("/v1/node-pools/no-such-pool/join-tokens"));
        refused(404, "NOT_FOUND", () -> admin().delete("/v1/node-pools/" + pool + "/join-tokens/999999"));
    }
}
