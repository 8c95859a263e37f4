package dev.paas.api.rest;

import static dev.paas.api.rest.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Wrong passwords pause a user name's logins, for the CLI's API and the dashboard's form alike. */
@QuarkusTest
@TestProfile(LoginThrottleApiTest.ThreeTries.class)
class LoginThrottleApiTest extends ApiTestBase {

    public static class ThreeTries implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("paas.auth.max-failed-logins", "3", "paas.auth.login-lockout", "10m");
        }
    }

    @Test
    void threeWrongPasswordsPauseTheUserEvenWithTheRightOne() {
        String user = Api.unique("dev");
        Api.developer(user);
        for (int i = 0; i < 3; i++) {
            refused(401, "UNAUTHENTICATED", () -> login(user, "wrong-password"));
        }
        Response r = refused(429, "TOO_MANY_ATTEMPTS", () -> login(user, Api.PASSWORD));
        assertThat(r.jsonPath().getString("message")).contains("too many wrong passwords", "try again in");
        assertThat(Long.parseLong(r.header("Retry-After"))).isBetween(590L, 600L);
        // The dashboard's form is the same door: it answers 429 with the wait too.
        Response form = io.restassured.RestAssured.given().formParam("username", user).formParam("password", Api.PASSWORD)
                .post("/login");
        form.then().statusCode(429);
        assertThat(form.header("Retry-After")).isNotNull();
        assertThat(form.body().asString()).contains("too many wrong passwords");
        // Another user is not paused by this one's failures.
        String other = Api.unique("dev");
        Api.developer(other);
        login(other, Api.PASSWORD).then().statusCode(200);
    }

    private static Response login(String user, String password) {
        return as(null).body(Map.of("username", user, "password", password)).post("/v1/auth/login");
    }
}
