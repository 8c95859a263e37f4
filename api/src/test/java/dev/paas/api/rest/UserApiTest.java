package dev.paas.api.rest;

import static dev.paas.api.rest.Api.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

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
        assertThat(allUsernames()).contains(name);
        admin().get("/v1/users/" + name).then().statusCode(200).body("role", equalTo("DEVELOPER"));
        admin().delete("/v1/users/" + name).then().statusCode(204);
        assertThat(allUsernames()).doesNotContain(name);
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

    /** Every user name, page by page: the suite's other tests create many users, more than one page holds. */
    private static java.util.List<String> allUsernames() {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int page = 1; ; page++) {
            java.util.List<String> items = admin().get("/v1/users?perPage=200&page=" + page).then().statusCode(200)
                    .extract().jsonPath().getList("items.username", String.class);
            names.addAll(items);
            if (items.size() < 200) {
                return names;
            }
        }
    }
}
