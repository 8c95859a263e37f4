package dev.paas.api.rest;

import static dev.paas.api.rest.Api.admin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UserApiTest extends ApiTestBase {

    @Test
    void createsListsGetsAndDeletes() {
        String name = Api.unique("u");
        admin().body(Map.of("username", name, "password", Api.PASSWORD, "role", "DEVELOPER")).post("/v1/users")
                .then().statusCode(201).body("username", equalTo(name)).body("password", equalTo(null)).body("passwordHash", equalTo(null));
        admin().get("/v1/users?perPage=200").then().statusCode(200).body("items.username", hasItem(name));
        admin().get("/v1/users/" + name).then().statusCode(200).body("role", equalTo("DEVELOPER"));
        admin().delete("/v1/users/" + name).then().statusCode(204);
        admin().get("/v1/users?perPage=200").then().body("items.username", not(hasItem(name)));
    }

    @Test
    void refusesBadUsers() {
        refused(400, "INVALID_FIELD", "username", () -> admin().body(Map.of("username", "Bad Name", "password", Api.PASSWORD, "role", "DEVELOPER")).post("/v1/users"));
        refused(400, "INVALID_FIELD", "password", () -> admin().body(Map.of("username", Api.unique("u"), "password", "short", "role", "DEVELOPER")).post("/v1/users"));
        refused(400, "INVALID_FIELD", "role", () -> admin().body(Map.of("username", Api.unique("u"), "password", Api.PASSWORD)).post("/v1/users"));
        refused(400, "INVALID_FIELD", "role", () -> admin().body(Map.of("username", Api.unique("u"), "password", Api.PASSWORD, "role", "ROOT")).post("/v1/users"));
        refused(409, "ALREADY_EXISTS", () -> admin().body(Map.of("username", "admin", "password", Api.PASSWORD, "role", "ADMIN")).post("/v1/users"));
        refused(409, "CONFLICT", () -> admin().delete("/v1/users/admin"));
        refused(404, "NOT_FOUND", () -> admin().delete("/v1/users/nobody-at-all"));
    }
}
