package dev.paas.api.rest;

import static dev.paas.api.rest.Api.admin;
import static dev.paas.api.rest.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SpaceApiTest extends ApiTestBase {

    @Test
    void adminCreatesAndStaffsSpacesDevelopersSeeTheirs() {
        String user = Api.unique("dev");
        String token = Api.developer(user);
        String mine = Api.unique("sp");
        String theirs = Api.unique("sp");
        Api.space(mine, user);
        Api.space(theirs);
        as(token).get("/v1/spaces").then().statusCode(200).body("items.name", equalTo(List.of(mine))).body("total", equalTo(1));
        as(token).get("/v1/spaces/" + mine).then().statusCode(200).body("members", equalTo(1));
        as(token).get("/v1/spaces/" + mine + "/members").then().statusCode(200).body("username", equalTo(List.of(user)));
        refused(404, "NOT_FOUND", () -> as(token).get("/v1/spaces/" + theirs));
        admin().delete("/v1/spaces/" + mine + "/members/" + user).then().statusCode(204);
        String again = Api.login(user, Api.PASSWORD);
        refused(404, "NOT_FOUND", () -> as(again).get("/v1/spaces/" + mine));
    }

    @Test
    void refusesBadSpaces() {
        refused(400, "INVALID_FIELD", "name", () -> admin().body(Map.of("name", "Not_A_Label")).post("/v1/spaces"));
        refused(400, "INVALID_FIELD", "name", () -> admin().body(Map.of()).post("/v1/spaces"));
        String s = Api.unique("sp");
        Api.space(s);
        refused(409, "ALREADY_EXISTS", () -> admin().body(Map.of("name", s)).post("/v1/spaces"));
        refused(404, "NOT_FOUND", () -> admin().put("/v1/spaces/" + s + "/members/nobody-at-all"));
        refused(404, "NOT_FOUND", () -> admin().delete("/v1/spaces/" + s + "/members/admin"));
    }

    @Test
    void aSpaceWithAppsCannotBeDeleted() {
        String s = Api.unique("sp");
        Api.space(s);
        Api.app(s, "x");
        refused(409, "CONFLICT", () -> admin().delete("/v1/spaces/" + s));
        admin().delete("/v1/spaces/" + s + "/apps/x").then().statusCode(204);
        admin().delete("/v1/spaces/" + s).then().statusCode(204);
        admin().get("/v1/spaces?perPage=200").then().body("items.name", not(hasItem(s)));
    }
}
