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
        refused(409, "ALREADY_EXISTS", () -> as(otherDev).body(Map.of("host", host)).post("/v1/spaces/" + other + "/routes"));
        // The same host with another path is a different route.
        as(otherDev).body(Map.of("host", host, "path", "/other")).post("/v1/spaces/" + other + "/routes").then().statusCode(201);
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
