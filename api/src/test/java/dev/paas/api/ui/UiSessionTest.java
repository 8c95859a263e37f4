package dev.paas.api.ui;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.api.core.Secrets;
import dev.paas.api.rest.Api;
import dev.paas.api.rest.ApiTestBase;
import dev.paas.api.rest.SessionCookie;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's session rules without a browser: login → cookie, refusals for a wrong
 * password, an expired session and a missing CSRF token, and what the cookie may do on /v1.
 */
@QuarkusTest
class UiSessionTest extends ApiTestBase {

    @Inject
    DataSource ds;

    static String login(String user, String password) {
        Response r = given().redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("username", user).formParam("password", password).formParam("next", "/").post("/login");
        r.then().statusCode(303);
        return r.getCookie(SessionCookie.NAME);
    }

    static RequestSpecification session(String token) {
        return given().redirects().follow(false).cookie(SessionCookie.NAME, token);
    }

    @Test
    void loginSetsAHardenedCookieAndLogoutRevokesIt() {
        Response r = given().redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("username", "admin").formParam("password", Api.ADMIN_PASSWORD).formParam("next", "/ops/nodes").post("/login");
        r.then().statusCode(303).header("Location", org.hamcrest.Matchers.endsWith("/ops/nodes"));
        String setCookie = r.getHeader("Set-Cookie");
        assertThat(setCookie).contains(SessionCookie.NAME + "=").containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax")
                .doesNotContainIgnoringCase("Secure");
        String token = r.getCookie(SessionCookie.NAME);
        session(token).get("/").then().statusCode(200).contentType("text/html")
                .body(org.hamcrest.Matchers.containsString(SessionCookie.csrfToken(token)));

        session(token).post("/logout").then().statusCode(403);
        session(token).header(SessionCookie.CSRF_HEADER, SessionCookie.csrfToken(token)).post("/logout").then().statusCode(200)
                .header("HX-Redirect", "/login?out=1");
        session(token).get("/").then().statusCode(303);
    }

    @Test
    void aWrongPasswordIsRefusedWithoutSayingWhichPartWasWrong() {
        given().contentType(ContentType.URLENC).formParam("username", "admin").formParam("password", "nope").post("/login")
                .then().statusCode(401).contentType("text/html").body(org.hamcrest.Matchers.containsString("Wrong username or password."))
                .header("Set-Cookie", org.hamcrest.Matchers.nullValue());
        given().contentType(ContentType.URLENC).formParam("username", "nobody-" + Api.unique("x")).formParam("password", "nope")
                .post("/login").then().statusCode(401).body(org.hamcrest.Matchers.containsString("Wrong username or password."));
    }

    @Test
    void aLoginPostedFromAnotherSiteIsRefused() {
        given().redirects().follow(false).contentType(ContentType.URLENC).header("Origin", "https://evil.example")
                .formParam("username", "admin").formParam("password", Api.ADMIN_PASSWORD).post("/login")
                .then().statusCode(403).header("Set-Cookie", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void noSessionOrAnExpiredOneGoesToTheLoginPage() {
        given().redirects().follow(false).get("/apps-table").then().statusCode(303)
                .header("Location", org.hamcrest.Matchers.endsWith("/login?next=%2Fapps-table"));
        String token = login("admin", Api.ADMIN_PASSWORD);
        Sql.exec(ds, "update api_tokens set expires_at = now() - interval '1 minute' where token_hash = ?", Secrets.sha256Hex(token));
        session(token).get("/").then().statusCode(303).header("Location", org.hamcrest.Matchers.containsString("expired=1"));
        // htmx's background refresh is sent to the login page too, not left failing silently.
        session(token).header("HX-Request", "true").get("/apps-table").then().statusCode(401)
                .header("HX-Redirect", org.hamcrest.Matchers.containsString("/login?"));
        session(token).get("/v1/me").then().statusCode(401);
        given().get("/login?expired=1").then().statusCode(200).body(org.hamcrest.Matchers.containsString("Your session has expired"));
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
        String space = Api.unique("sp");
        Api.space(space);
        Api.app(space, "web");
        String token = login("admin", Api.ADMIN_PASSWORD);
        refusedPlain(() -> session(token).post("/apps/" + space + "/web/start"), 403);
        refusedPlain(() -> session(token).header(SessionCookie.CSRF_HEADER, "0".repeat(64)).post("/apps/" + space + "/web/start"), 403);
        session(token).header(SessionCookie.CSRF_HEADER, SessionCookie.csrfToken(token)).post("/apps/" + space + "/web/start")
                .then().statusCode(200).header("HX-Trigger", org.hamcrest.Matchers.containsString("app-changed"));
        Api.admin().get("/v1/spaces/" + space + "/apps/web").then().body("state", org.hamcrest.Matchers.equalTo("STARTED"));
    }

    @Test
    void theCookieReadsV1ButChangesItOnlyWithTheCsrfHeader() {
        String space = Api.unique("sp");
        Api.space(space);
        String token = login("admin", Api.ADMIN_PASSWORD);
        session(token).get("/v1/me").then().statusCode(200).body("username", org.hamcrest.Matchers.equalTo("admin"));
        refused(403, "FORBIDDEN", () -> session(token).contentType(ContentType.JSON).body(Map.of("name", "web"))
                .post("/v1/spaces/" + space + "/apps"));
        session(token).header(SessionCookie.CSRF_HEADER, SessionCookie.csrfToken(token)).contentType(ContentType.JSON)
                .body(Map.of("name", "web")).post("/v1/spaces/" + space + "/apps").then().statusCode(201);
        // Machines never authenticate with a browser session.
        session(token).get("/v1/agent/desired").then().statusCode(401);
        session(token).get("/v1/routing/table").then().statusCode(401);
    }

    @Test
    void developersGetNoOpsPagesAndNoOtherSpace() {
        String dev = Api.unique("dev");
        Api.developer(dev);
        String mine = Api.unique("sp");
        String theirs = Api.unique("sp");
        Api.space(mine, dev);
        Api.space(theirs);
        Api.app(theirs, "secret-app");
        String token = login(dev, Api.PASSWORD);
        session(token).get("/ops/nodes").then().statusCode(403).contentType("text/html")
                .body(org.hamcrest.Matchers.containsString("admin role"));
        session(token).get("/apps/" + theirs + "/secret-app").then().statusCode(404);
        session(token).get("/").then().statusCode(200).body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("secret-app")))
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("/ops/nodes")));
    }

    private void refusedPlain(java.util.function.Supplier<Response> request, int status) {
        DbBefore before = new DbBefore(ds);
        Response r = request.get();
        r.then().statusCode(status);
        assertThat(r.asString()).contains("CSRF");
        before.assertUnchanged();
    }

    /** Event count as a cheap proof that a refused action wrote nothing (every change records one). */
    private record DbBefore(DataSource ds, long events) {
        DbBefore(DataSource ds) {
            this(ds, Sql.number(ds, "select count(*) from events"));
        }

        void assertUnchanged() {
            assertThat(Sql.number(ds, "select count(*) from events")).isEqualTo(events);
        }
    }
}
