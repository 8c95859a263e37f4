package dev.paas.api.rest;

import static dev.paas.api.rest.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuthApiTest extends ApiTestBase {

    @Test
    void everyAnswerForbidsFramingAndSniffing() {
        for (io.restassured.response.Response r : java.util.List.of(io.restassured.RestAssured.get("/login"),
                as(null).get("/v1/me"), Api.admin().get("/v1/me"))) {
            r.then().header("Content-Security-Policy", org.hamcrest.Matchers.containsString("frame-ancestors 'none'"))
                    .header("X-Frame-Options", "DENY")
                    .header("X-Content-Type-Options", "nosniff");
        }
    }

    @Test
    void loginGivesATokenThatWorksUntilLogout() {
        String user = Api.unique("dev");
        Api.developer(user);
        String token = as(null).body(Map.of("username", user, "password", Api.PASSWORD)).post("/v1/auth/login")
                .then().statusCode(200).body("token", startsWith("paas_at_")).body("user.role", equalTo("DEVELOPER"))
                .extract().path("token");
        as(token).get("/v1/me").then().statusCode(200).body("username", equalTo(user));
        as(token).post("/v1/auth/logout").then().statusCode(204);
        refused(401, "UNAUTHENTICATED", () -> as(token).get("/v1/me"));
    }

    @Test
    void wrongPasswordAndUnknownUserLookTheSame() {
        String user = Api.unique("dev");
        Api.developer(user);
        String a = refused(401, "UNAUTHENTICATED", () -> as(null).body(Map.of("username", user, "password", "wrong-password")).post("/v1/auth/login"))
                .jsonPath().getString("message");
        String b = refused(401, "UNAUTHENTICATED", () -> as(null).body(Map.of("username", "nobody-here", "password", "wrong-password")).post("/v1/auth/login"))
                .jsonPath().getString("message");
        org.assertj.core.api.Assertions.assertThat(a).isEqualTo(b);
    }

    @Test
    void loginRefusesBadBodies() {
        refused(400, "INVALID_FIELD", "password", () -> as(null).body(Map.of("username", "admin")).post("/v1/auth/login"));
        refused(400, "INVALID_FIELD", "username", () -> as(null).body(Map.of("password", "x")).post("/v1/auth/login"));
        refused(400, "MALFORMED_REQUEST", "otp", () -> as(null).body(Map.of("username", "admin", "password", "x", "otp", "1")).post("/v1/auth/login"));
        refused(400, "MALFORMED_REQUEST", "body", () -> as(null).body("not json").post("/v1/auth/login"));
    }

    @Test
    void meListsTheCallersSpaces() {
        String user = Api.unique("dev");
        String token = Api.developer(user);
        String space = Api.unique("sp");
        Api.space(space, user);
        as(token).get("/v1/me").then().statusCode(200).body("spaces", hasItem(space)).body("role", equalTo("DEVELOPER"));
    }

    @Test
    void unknownPathsAndMethodsAnswerInTheErrorShape() {
        as(Api.adminToken()).get("/v1/nothing-here").then().statusCode(404).body("code", equalTo("NOT_FOUND"));
        as(Api.adminToken()).put("/v1/spaces").then().statusCode(405).body("code", equalTo("METHOD_NOT_ALLOWED"));
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        as(null).get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        // Metrics name every space's apps: admins only.
        as(null).get("/q/metrics").then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
        as("not-a-token").get("/q/metrics").then().statusCode(401);
        as(Api.developer(Api.unique("dev"))).get("/q/metrics").then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        as(Api.adminToken()).get("/q/metrics").then().statusCode(200).body(org.hamcrest.Matchers.containsString("jvm_memory_used_bytes"));
        as(null).get("/q/openapi?format=json").then().statusCode(200).body("paths", org.hamcrest.Matchers.hasKey("/v1/spaces/{space}/apps"));
    }
}
