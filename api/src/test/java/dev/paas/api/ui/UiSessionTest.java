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

    /** The Secure attribute in a Set-Cookie header. */
    static final java.util.regex.Pattern SECURE = java.util.regex.Pattern.compile("(?i);\\s*Secure\\s*(;|$)");

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
                .doesNotContainPattern(SECURE);
        String token = r.getCookie(SessionCookie.NAME);
        session(token).get("/").then().statusCode(200).contentType("text/html")
                .body(org.hamcrest.Matchers.containsString(SessionCookie.csrfToken(token)));

        session(token).post("/logout").then().statusCode(403);
        session(token).header(SessionCookie.CSRF_HEADER, SessionCookie.csrfToken(token)).post("/logout").then().statusCode(200)
                .header("HX-Redirect", "/login?out=1");
        session(token).get("/").then().statusCode(303);
    }

    /** Behind a TLS-terminating proxy the request is plain http; the proxy's word makes the cookie Secure. */
    @Test
    void theCookieIsSecureWhenAProxySaysTheBrowserCameOverTls() {
        assertThat(loginCookie("X-Forwarded-Proto", "https")).containsPattern(SECURE);
        assertThat(loginCookie("X-Forwarded-Proto", "https, http")).containsPattern(SECURE);
        assertThat(loginCookie("Forwarded", "for=203.0.113.7;proto=https;host=paas.example")).containsPattern(SECURE);
        assertThat(loginCookie("Forwarded", "for=203.0.113.7; Proto=\"https\", for=10.0.0.2;proto=http")).containsPattern(SECURE);
        assertThat(loginCookie("X-Forwarded-Proto", "http")).doesNotContainPattern(SECURE);
        assertThat(loginCookie("Forwarded", "for=203.0.113.7;proto=http")).doesNotContainPattern(SECURE);
        assertThat(loginCookie("X-Paas-Nothing", "https")).doesNotContainPattern(SECURE);

        String token = login("admin", Api.ADMIN_PASSWORD);
        String cleared = session(token).header(SessionCookie.CSRF_HEADER, SessionCookie.csrfToken(token))
                .header("X-Forwarded-Proto", "https").post("/logout").then().statusCode(200).extract().header("Set-Cookie");
        assertThat(cleared).contains("Max-Age=0").containsPattern(SECURE);
    }

    /** The Set-Cookie of a login whose request carries {@code header: value}. */
    private static String loginCookie(String header, String value) {
        Response r = given().redirects().follow(false).contentType(ContentType.URLENC).header(header, value)
                .formParam("username", "admin").formParam("password", Api.ADMIN_PASSWORD).post("/login");
        r.then().statusCode(303);
        String setCookie = r.getHeader("Set-Cookie");
        assertThat(setCookie).as(header + ": " + value).contains(SessionCookie.NAME + "=").containsIgnoringCase("HttpOnly");
        return setCookie;
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
        // A fragment's page, not the fragment, is where the login leads back to.
        given().redirects().follow(false).get("/apps-table").then().statusCode(303)
                .header("Location", org.hamcrest.Matchers.endsWith("/login?next=%2F"));
        given().redirects().follow(false).get("/ops/nodes-table?x=1").then().statusCode(303)
                .header("Location", org.hamcrest.Matchers.endsWith("/login?next=%2Fops%2Fnodes"));
        given().redirects().follow(false).get("/apps/sp/web/routes").then().statusCode(303)
                .header("Location", org.hamcrest.Matchers.endsWith("/login?next=%2Fapps%2Fsp%2Fweb"));
        given().redirects().follow(false).get("/push?space=sp&app=web").then().statusCode(303)
                .header("Location", org.hamcrest.Matchers.endsWith("/login?next=%2Fpush%3Fspace%3Dsp%26app%3Dweb"));
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

    @Test
    void envValuesLeaveTheServerOnlyOnRevealAndOnlyForTheSpacesDevelopers() {
        String dev = Api.unique("dev");
        Api.developer(dev);
        String outsider = Api.unique("dev");
        Api.developer(outsider);
        String space = Api.unique("sp");
        Api.space(space, dev);
        Api.space(Api.unique("sp"), outsider);
        Api.check(Api.admin().body(Map.of("name", "api", "env", Map.of("DB_PASSWORD", "s3cret")))
                .post("/v1/spaces/" + space + "/apps"), 201);
        String base = "/apps/" + space + "/api";
        String token = login(dev, Api.PASSWORD);

        for (String masked : new String[] {base, base + "/settings"}) {
            session(token).header("HX-Request", "true").get(masked).then().statusCode(200)
                    .body(org.hamcrest.Matchers.containsString("DB_PASSWORD"))
                    .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("s3cret")));
        }
        session(token).header("HX-Request", "true").get(base + "/env").then().statusCode(200).contentType("text/html")
                .header("Cache-Control", "no-store").body(org.hamcrest.Matchers.containsString("value=\"s3cret\""));
        String theirs = login(outsider, Api.PASSWORD);
        session(theirs).header("HX-Request", "true").get(base + "/env").then().statusCode(404)
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("s3cret")));
        // Opened as a page, a fragment's URL leads to its page: for another space's developer, a 404 page.
        session(theirs).get(base + "/env").then().statusCode(303).header("Location", org.hamcrest.Matchers.endsWith(base));
        session(theirs).get(base).then().statusCode(404).contentType("text/html");
        given().redirects().follow(false).get(base + "/env").then().statusCode(303)
                .header("Location", org.hamcrest.Matchers.containsString("/login?next="));
    }

    /** Rows not revealed send their name in kept and no value: the stored value stays, under a new name too. */
    @Test
    void savingTheMaskedEditorKeepsWhatWasNotTyped() {
        String space = Api.unique("sp");
        Api.space(space);
        Api.check(Api.admin().body(Map.of("name", "api", "env", Map.of("A", "1", "B", "2", "C", "3", "D", "4")))
                .post("/v1/spaces/" + space + "/apps"), 201);
        long version = ((Number) Api.admin().get("/v1/spaces/" + space + "/apps/api").path("version")).longValue();
        String token = login("admin", Api.ADMIN_PASSWORD);
        // A kept, B replaced by a typed value, C renamed to C2, D removed (its name cleared), E added.
        session(token).header(SessionCookie.CSRF_HEADER, SessionCookie.csrfToken(token)).contentType(ContentType.URLENC)
                .formParam("version", version)
                .formParam("name", "A", "B", "C2", "", "E")
                .formParam("value", "", "two", "", "", "5")
                .formParam("kept", "A", "B", "C", "D", "")
                .post("/apps/" + space + "/api/env").then().statusCode(200);
        Api.admin().get("/v1/spaces/" + space + "/apps/api").then()
                .body("env", org.hamcrest.Matchers.equalTo(Map.of("A", "1", "B", "two", "C2", "3", "E", "5")));
        // The same form again is stale: refused, nothing changes.
        session(token).header(SessionCookie.CSRF_HEADER, SessionCookie.csrfToken(token)).contentType(ContentType.URLENC)
                .formParam("version", version).formParam("name", "A").formParam("value", "").formParam("kept", "A")
                .post("/apps/" + space + "/api/env").then().statusCode(409);
        Api.admin().get("/v1/spaces/" + space + "/apps/api").then().body("env.B", org.hamcrest.Matchers.equalTo("two"));
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
