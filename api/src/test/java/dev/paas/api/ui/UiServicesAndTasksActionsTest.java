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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The app page's Services and Tasks cards refused: bad form values (400 naming the field,
 * nothing written), another space's app or service (404 / the API's 400), no CSRF token (403),
 * and a control plane without tasks (the card says so; running one is a 404 with words).
 */
@QuarkusTest
class UiServicesAndTasksActionsTest extends ApiTestBase {

    @Inject
    DataSource ds;

    String space;
    String token;
    String base;

    @BeforeEach
    void developerWithAnAppAndAService() {
        String dev = Api.unique("dev");
        Api.developer(dev);
        space = Api.unique("sp");
        Api.space(space, dev);
        Api.app(space, "web");
        Api.check(Api.as(Api.login(dev, Api.PASSWORD)).body(Map.of("name", "db", "credentials", Map.of("password", "s3cret")))
                .post("/v1/spaces/" + space + "/service-instances"), 201);
        token = UiSessionTest.login(dev, Api.PASSWORD);
        base = "/apps/" + space + "/web";
    }

    @AfterEach
    void noFakes() {
        TestPorts.reset();
    }

    RequestSpecification page(String session) {
        return UiSessionTest.session(session).header(SessionCookie.CSRF_HEADER, SessionCookie.csrfToken(session))
                .header("HX-Request", "true");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no service             |        |                | serviceInstance: choose a service instance
            an unknown service     | nope   |                | serviceInstance: no service instance 'nope'
            parameters not JSON    | db     | {role: ro      | parameters: is not valid JSON
            parameters not object  | db     | [1, 2]         | parameters: must be a JSON object
            parameters of a cups   | db     | {"role": "ro"} | parameters: binding parameters are not supported
            """)
    void aBadBindIsRefusedNamingTheFieldAndNothingIsWritten(String problem, String service, String parameters, String message) {
        DbSnapshot before = DbSnapshot.take(ds);
        RequestSpecification r = page(token).contentType(ContentType.URLENC);
        if (service != null) {
            r = r.formParam("serviceInstance", service);
        }
        if (parameters != null) {
            r = r.formParam("parameters", parameters);
        }
        r.post(base + "/services").then().statusCode(400).body(Matchers.startsWith(message));
        assertThat(DbSnapshot.take(ds)).as(problem).isEqualTo(before);
    }

    @Test
    void bindAndUnbindSayARestartAppliesThemAndTheCardShowsNoCredentials() {
        page(token).contentType(ContentType.URLENC).formParam("serviceInstance", "db").formParam("bindingName", "primary")
                .formParam("parameters", " ").post(base + "/services").then().statusCode(200)
                .header("HX-Trigger", Matchers.allOf(Matchers.containsString("app-changed"), Matchers.containsString("Restart web")));
        page(token).get(base + "/services").then().statusCode(200)
                .body(Matchers.containsString("primary"), Matchers.containsString("user-provided"), Matchers.not(Matchers.containsString("s3cret")));
        page(token).post(base + "/services/db/unbind").then().statusCode(200);
        page(token).post(base + "/services/db/unbind").then().statusCode(404).body(Matchers.containsString("binding between"));
    }

    @Test
    void anotherSpacesAppOrServiceIsRefusedAndWithoutCsrfNothingHappens() {
        String other = Api.unique("sp");
        Api.space(other);
        Api.app(other, "theirs");
        Api.check(Api.admin().body(Map.of("name", "their-db", "credentials", Map.of("k", "v")))
                .post("/v1/spaces/" + other + "/service-instances"), 201);
        page(token).get("/apps/" + other + "/theirs/services").then().statusCode(404);
        page(token).get("/apps/" + other + "/theirs/tasks").then().statusCode(404);
        page(token).get("/apps/" + other + "/theirs/task-form").then().statusCode(404);
        DbSnapshot before = DbSnapshot.take(ds);
        page(token).contentType(ContentType.URLENC).formParam("serviceInstance", "db").post("/apps/" + other + "/theirs/services")
                .then().statusCode(404);
        page(token).contentType(ContentType.URLENC).formParam("serviceInstance", "their-db").post(base + "/services")
                .then().statusCode(400);
        UiSessionTest.session(token).contentType(ContentType.URLENC).formParam("serviceInstance", "db").post(base + "/services")
                .then().statusCode(403);
        assertThat(DbSnapshot.take(ds)).isEqualTo(before);
    }

    @Test
    void withoutTasksTheCardSaysSoAndRunningOneIsRefusedInWords() {
        TestPorts.tasks(new NoTasks());
        page(token).get(base + "/tasks").then().statusCode(200).body(Matchers.containsString("runs no tasks yet"),
                Matchers.not(Matchers.containsString("Run task")));
        page(token).get(base + "/task-form").then().statusCode(200).body(Matchers.not(Matchers.containsString("form")));
        page(token).contentType(ContentType.URLENC).formParam("command", "bin/migrate").post(base + "/tasks").then().statusCode(404)
                .body(Matchers.equalTo(NoTasks.MESSAGE));
    }

    @Test
    void aBlankCommandNeverReachesTheTasksAndTheirRefusalsArePassedOn() {
        FakeTasks fake = new FakeTasks();
        TestPorts.tasks(fake);
        for (String blank : new String[] {"", "   "}) {
            page(token).contentType(ContentType.URLENC).formParam("command", blank).post(base + "/tasks").then().statusCode(400)
                    .body(Matchers.startsWith("command: is required"));
        }
        page(token).contentType(ContentType.URLENC).post(base + "/tasks").then().statusCode(400);
        assertThat(fake.calls).isEmpty();
        page(token).contentType(ContentType.URLENC).formParam("command", "bin/migrate").formParam("memory", "12Q")
                .post(base + "/tasks").then().statusCode(400).body(Matchers.startsWith("memory: '12Q'"));
        assertThat(fake.tasks).isEmpty();
        page(token).post(base + "/tasks/7/cancel").then().statusCode(404);
        UiSessionTest.session(token).contentType(ContentType.URLENC).formParam("command", "bin/migrate").post(base + "/tasks")
                .then().statusCode(403);
        assertThat(fake.tasks).isEmpty();
    }
}
