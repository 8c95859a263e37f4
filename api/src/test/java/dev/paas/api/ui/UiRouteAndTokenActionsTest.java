package dev.paas.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.api.rest.Api;
import dev.paas.api.rest.ApiTestBase;
import dev.paas.api.rest.DbSnapshot;
import dev.paas.api.rest.SessionCookie;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.Map;
import javax.sql.DataSource;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The dashboard's route and join-token actions refused: bad input (400 naming the field,
 * nothing written), another space's route or app (404), a developer on a token (403), no CSRF
 * token (403). What they do when allowed is in the browser tests.
 */
@QuarkusTest
class UiRouteAndTokenActionsTest extends ApiTestBase {

    @Inject
    DataSource ds;

    String space;
    String token;
    String base;

    @BeforeEach
    void developerWithAnApp() {
        String dev = Api.unique("dev");
        Api.developer(dev);
        space = Api.unique("sp");
        Api.space(space, dev);
        Api.app(space, "web");
        token = UiSessionTest.login(dev, Api.PASSWORD);
        base = "/apps/" + space + "/web/routes";
    }

    RequestSpecification page(String session) {
        return UiSessionTest.session(session).header(SessionCookie.CSRF_HEADER, SessionCookie.csrfToken(session))
                .header("HX-Request", "true");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no host             |                      |       | host: is required
            a host without dot  | web                  |       | host: 'web' needs a domain
            a bad label         | we_b.example.com     |       | host: 'we_b.example.com' is not a host name
            a path without /    | web.example.com      | api   | path: 'api' must be a path such as /api
            a path with ..      | web.example.com      | /a/.. | path: '/a/..' must be a path such as /api
            """)
    void aBadRouteIsRefusedNamingTheFieldAndNothingIsWritten(String problem, String host, String path, String message) {
        DbSnapshot before = DbSnapshot.take(ds);
        RequestSpecification r = page(token).contentType(ContentType.URLENC);
        if (host != null) {
            r = r.formParam("host", host);
        }
        if (path != null) {
            r = r.formParam("path", path);
        }
        r.post(base).then().statusCode(400).body(Matchers.startsWith(message));
        assertThat(DbSnapshot.take(ds)).as(problem).isEqualTo(before);
    }

    @Test
    void anotherSpacesRouteOrAppIsNotFoundAndWithoutCsrfNothingHappens() {
        String other = Api.unique("sp");
        Api.space(other);
        Api.app(other, "theirs");
        long theirs = ((Number) Api.check(Api.admin().body(Map.of("host", "theirs-" + other + ".localhost", "app", "theirs"))
                .post("/v1/spaces/" + other + "/routes"), 201).path("id")).longValue();
        for (String action : new String[] {"map", "unmap", "delete"}) {
            page(token).post(base + "/" + theirs + "/" + action).then().statusCode(404);
            page(token).post("/apps/" + other + "/theirs/routes/" + theirs + "/" + action).then().statusCode(404);
        }
        page(token).post(base + "/not-a-number/delete").then().statusCode(404);
        page(token).contentType(ContentType.URLENC).formParam("host", "x-" + space + ".localhost")
                .post("/apps/" + space + "/nope/routes").then().statusCode(404);
        Api.admin().get("/v1/spaces/" + other + "/routes").then().body("items[0].app", Matchers.equalTo("theirs"));

        DbSnapshot before = DbSnapshot.take(ds);
        UiSessionTest.session(token).contentType(ContentType.URLENC).formParam("host", "web-" + space + ".localhost")
                .post(base).then().statusCode(403);
        assertThat(DbSnapshot.take(ds)).isEqualTo(before);
    }

    @Test
    void onlyAnAdminRevokesAJoinTokenAndAnUnknownOneIsNotFound() {
        String pool = Api.unique("pool");
        Api.pool(pool);
        FakeNode.joinToken(pool);
        long id = ((Number) Api.admin().get("/v1/node-pools/" + pool + "/join-tokens").path("[0].id")).longValue();
        page(token).post("/ops/pools/" + pool + "/tokens/" + id + "/revoke").then().statusCode(403);
        Api.admin().get("/v1/node-pools/" + pool + "/join-tokens").then().body("[0].revokedAt", Matchers.nullValue());

        String admin = UiSessionTest.login("admin", Api.ADMIN_PASSWORD);
        page(admin).post("/ops/pools/" + pool + "/tokens/" + (id + 100_000) + "/revoke").then().statusCode(404);
        page(admin).post("/ops/pools/" + Api.unique("nopool") + "/tokens/" + id + "/revoke").then().statusCode(404);
        UiSessionTest.session(admin).post("/ops/pools/" + pool + "/tokens/" + id + "/revoke").then().statusCode(403);
        page(admin).post("/ops/pools/" + pool + "/tokens/" + id + "/revoke").then().statusCode(200)
                .header("HX-Trigger", Matchers.containsString("pools-changed"));
        Api.admin().get("/v1/node-pools/" + pool + "/join-tokens").then().body("[0].revokedAt", Matchers.notNullValue());
    }
}
