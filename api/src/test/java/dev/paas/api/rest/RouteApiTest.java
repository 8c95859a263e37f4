package dev.paas.api.rest;

import static dev.paas.api.rest.Api.as;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
class RouteApiTest extends ApiTestBase {

    String space;
    String dev;
    String other;
    String otherDev;

    @BeforeEach
    void setUp() {
        space = Api.unique("sp");
        other = Api.unique("sp");
        String d = Api.unique("dev");
        String o = Api.unique("dev");
        dev = Api.developer(d);
        otherDev = Api.developer(o);
        Api.space(space, d);
        Api.space(other, o);
        Api.app(space, "web");
    }

    String routes() {
        return "/v1/spaces/" + space + "/routes";
    }

    @Test
    void claimsMapsUnmapsAndDeletes() {
        String host = Api.unique("web") + ".LocalHost";
        long id = ((Number) as(dev).body(Map.of("host", host, "path", "/api")).post(routes()).then().statusCode(201)
                .body("host", equalTo(host.toLowerCase())).body("path", equalTo("/api")).body("app", equalTo(null))
                .body("url", equalTo("http://" + host.toLowerCase() + ":8080/api"))
                .extract().path("id")).longValue();
        as(dev).body(Map.of("app", "web")).put(routes() + "/" + id + "/app").then().statusCode(200).body("app", equalTo("web"));
        as(dev).get(routes()).then().statusCode(200).body("items[0].app", equalTo("web"));
        as(dev).delete(routes() + "/" + id + "/app").then().statusCode(200).body("app", equalTo(null));
        as(dev).delete(routes() + "/" + id).then().statusCode(204);
        as(dev).get(routes()).then().body("total", equalTo(0));
    }

    @Test
    void aRouteIsGloballyUniqueAcrossSpaces() {
        String host = Api.unique("taken") + ".localhost";
        Api.route(space, host, null);
        var r = refused(409, "ALREADY_EXISTS", () -> as(otherDev).body(Map.of("host", host)).post("/v1/spaces/" + other + "/routes"));
        // The other space's developer may not see the owner: the message does not name it.
        org.assertj.core.api.Assertions.assertThat(r.jsonPath().getString("message"))
                .contains("taken by another space").doesNotContain(space);
        // In the owner's space, the same route again is a 409 that says where it is.
        var again = refused(409, "ALREADY_EXISTS", () -> as(dev).body(Map.of("host", host)).post(routes()));
        org.assertj.core.api.Assertions.assertThat(again.jsonPath().getString("message")).contains("already exists in space '" + space + "'");
    }

    @Test
    void aHostBelongsToOneSpaceWithAllItsPaths() {
        String host = Api.unique("bank") + ".localhost";
        Api.route(space, host, null);
        // Another space may not take a path of it (the longest prefix would win it /login).
        var r = refused(409, "ALREADY_EXISTS", () -> as(otherDev).body(Map.of("host", host, "path", "/login"))
                .post("/v1/spaces/" + other + "/routes"));
        org.assertj.core.api.Assertions.assertThat(r.jsonPath().getString("message")).contains("taken by another space");
        // An admin may see every space: the message names the owner.
        var named = refused(409, "ALREADY_EXISTS", () -> Api.admin().body(Map.of("host", host, "path", "/login"))
                .post("/v1/spaces/" + other + "/routes"));
        org.assertj.core.api.Assertions.assertThat(named.jsonPath().getString("message")).contains("taken by space '" + space + "'");
        // A developer of both spaces learns the owner too.
        String both = Api.unique("dev");
        String bothToken = Api.developer(both);
        Api.check(Api.admin().put("/v1/spaces/" + space + "/members/" + both), 204);
        Api.check(Api.admin().put("/v1/spaces/" + other + "/members/" + both), 204);
        var member = refused(409, "ALREADY_EXISTS", () -> as(bothToken).body(Map.of("host", host, "path", "/api"))
                .post("/v1/spaces/" + other + "/routes"));
        org.assertj.core.api.Assertions.assertThat(member.jsonPath().getString("message")).contains("taken by space '" + space + "'");
        // The owner adds paths freely; once its last route of the host is gone, another space may claim it.
        long api = ((Number) as(dev).body(Map.of("host", host, "path", "/api")).post(routes()).then().statusCode(201)
                .extract().path("id")).longValue();
        long whole = ((Number) as(dev).get(routes()).jsonPath().getList("items.findAll { it.path == '' }.id").get(0)).longValue();
        as(dev).delete(routes() + "/" + api).then().statusCode(204);
        as(dev).delete(routes() + "/" + whole).then().statusCode(204);
        as(otherDev).body(Map.of("host", host, "path", "/login")).post("/v1/spaces/" + other + "/routes").then().statusCode(201);
    }

    @ParameterizedTest(name = "host={0} path={1} -> names {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "NULL                 | NULL       | host",
            "nodomain             | NULL       | host",
            "bad_host.localhost   | NULL       | host",
            "-x.localhost         | NULL       | host",
            "a..b                 | NULL       | host",
            "ok.localhost         | api        | path",
            "ok.localhost         | /a/../b    | path",
            "ok.localhost         | /a b       | path",
            "ok.localhost         | /trailing/ | path",
    })
    void refusesBadAddresses(String host, String path, String field) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("host", host);
        body.put("path", path);
        var r = refused(400, "INVALID_FIELD", field, () -> as(dev).body(body).post(routes()));
        org.assertj.core.api.Assertions.assertThat(r.jsonPath().getString("message")).startsWith(field + ":");
    }

    @Test
    void refusesAppsOfOtherSpacesAndUnknownRoutes() {
        Api.app(other, "theirs");
        refused(404, "NOT_FOUND", () -> as(dev).body(Map.of("host", Api.unique("h") + ".localhost", "app", "theirs")).post(routes()));
        long id = Api.route(space, Api.unique("h") + ".localhost", null);
        refused(404, "NOT_FOUND", () -> as(dev).body(Map.of("app", "theirs")).put(routes() + "/" + id + "/app"));
        refused(400, "INVALID_FIELD", "app", () -> as(dev).body(Map.of()).put(routes() + "/" + id + "/app"));
        refused(404, "NOT_FOUND", () -> as(otherDev).delete(routes() + "/" + id));
        refused(404, "NOT_FOUND", () -> as(otherDev).delete("/v1/spaces/" + other + "/routes/" + id));
        refused(404, "NOT_FOUND", () -> as(dev).delete(routes() + "/abc"));
    }
}
