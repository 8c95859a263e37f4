package dev.paas.api.rest;

import static dev.paas.api.rest.Api.admin;
import static dev.paas.api.rest.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
class AppApiTest extends ApiTestBase {

    String space;
    String dev;
    String otherDev;

    @BeforeEach
    void setUp() {
        space = Api.unique("sp");
        String other = Api.unique("sp");
        String devName = Api.unique("dev");
        String otherName = Api.unique("dev");
        dev = Api.developer(devName);
        otherDev = Api.developer(otherName);
        Api.space(space, devName);
        Api.space(other, otherName);
    }

    String apps() {
        return "/v1/spaces/" + space + "/apps";
    }

    @Test
    void createsWithCloudFoundryDefaults() {
        as(dev).body(Map.of("name", "web")).post(apps()).then().statusCode(201)
                .header("Location", containsString(apps() + "/web"))
                .body("name", equalTo("web")).body("space", equalTo(space)).body("state", equalTo("STOPPED"))
                .body("instances", equalTo(1)).body("memory", equalTo("256M"))
                .body("healthCheck.type", equalTo("PORT")).body("healthCheck.timeout", equalTo(60))
                .body("version", equalTo(0));
    }

    @Test
    void createsWithEveryField() {
        Map<String, Object> body = Map.of("name", "api", "instances", 3, "memory", "1g", "command", "java -jar app.jar --port $PORT",
                "env", Map.of("GREETING", "hello", "B_2", ""), "healthCheck", Map.of("type", "http", "endpoint", "/health", "timeout", 120));
        as(dev).body(body).post(apps()).then().statusCode(201)
                .body("instances", equalTo(3)).body("memory", equalTo("1G"))
                .body("command", equalTo("java -jar app.jar --port $PORT"))
                .body("env.GREETING", equalTo("hello")).body("healthCheck.type", equalTo("HTTP"))
                .body("healthCheck.endpoint", equalTo("/health")).body("healthCheck.timeout", equalTo(120));
        as(dev).get(apps() + "/api").then().statusCode(200).body("env.B_2", equalTo(""));
    }

    @Test
    void recordsADiskQuotaInCloudFoundrysSpellings() {
        as(dev).body(Map.of("name", "disky", "disk", "512MB")).post(apps()).then().statusCode(201)
                .body("disk", equalTo("512M"));
        as(dev).body(Map.of("version", 0, "disk", "2gb")).patch(apps() + "/disky").then().statusCode(200)
                .body("disk", equalTo("2G")).body("version", equalTo(1));
        as(dev).body(Map.of("version", 1, "instances", 2)).patch(apps() + "/disky").then().statusCode(200)
                .body("disk", equalTo("2G"));
        refused(400, "INVALID_FIELD", "disk", () -> as(dev).body(Map.of("version", 2, "disk", "1 TB")).patch(apps() + "/disky"));
        as(dev).body(Map.of("name", "plain")).post(apps()).then().statusCode(201).body("disk", org.hamcrest.Matchers.nullValue());
    }

    @ParameterizedTest(name = "{0} = {1} -> 400 naming {2}")
    @CsvSource(delimiter = '|', value = {
            "name       | \"My App\"        | name",
            "name       | \"-x\"            | name",
            "name       | \"\"              | name",
            "name       | \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\" | name",
            "memory     | \"12 parsecs\"    | memory",
            "memory     | \"32M\"           | memory",
            "memory     | \"9G\"            | memory",
            "memory     | \"256\"           | memory",
            "disk       | \"1T\"            | disk",
            "disk       | \"33G\"           | disk",
            "disk       | \"1024\"          | disk",
            "instances  | -1              | instances",
            "instances  | 101             | instances",
            "instances  | \"many\"          | instances",
            "env        | {\"1BAD\": \"x\"}   | env.1BAD",
            "env        | {\"PORT\": \"1\"}   | env.PORT",
            "env        | {\"A\": null}     | env.A",
            "healthCheck | {\"type\": \"ping\"} | healthCheck.type",
            "healthCheck | {\"timeout\": 0} | healthCheck.timeout",
            "healthCheck | {\"timeout\": 181} | healthCheck.timeout",
            "healthCheck | {\"type\": \"PORT\", \"endpoint\": \"/h\"} | healthCheck.endpoint",
            "color      | \"blue\"          | color",
    })
    void refusesBadFieldsAndWritesNothing(String field, String json, String named) {
        String body = field.equals("name") ? "{\"name\": " + json + "}" : "{\"name\": \"ok\", \"" + field + "\": " + json + "}";
        refused(400, null, named, () -> as(dev).body(body).post(apps()));
    }

    @Test
    void refusesMalformedJsonAndAMissingBody() {
        Response r = refused(400, "MALFORMED_REQUEST", "body", () -> as(dev).body("{\"name\": ").post(apps()));
        assertThat(r.jsonPath().getString("message")).contains("not valid JSON");
        refused(400, "INVALID_FIELD", "name", () -> as(dev).post(apps()));
    }

    @Test
    void refusesADuplicateName() {
        Api.app(space, "dup");
        refused(409, "ALREADY_EXISTS", () -> as(dev).body(Map.of("name", "dup")).post(apps()));
    }

    @Test
    void listsWithPagination() {
        for (String n : List.of("c", "a", "b")) {
            Api.app(space, n);
        }
        as(dev).get(apps() + "?perPage=2").then().statusCode(200)
                .body("items.name", equalTo(List.of("a", "b"))).body("total", equalTo(3)).body("perPage", equalTo(2));
        as(dev).get(apps() + "?perPage=2&page=2").then().statusCode(200).body("items.name", equalTo(List.of("c")));
        refused(400, "INVALID_FIELD", "perPage", () -> as(dev).get(apps() + "?perPage=500"));
        refused(400, "INVALID_FIELD", "page", () -> as(dev).get(apps() + "?page=zero"));
    }

    @Test
    void updatesWithTheCurrentVersion() {
        Api.app(space, "u");
        as(dev).body(Map.of("version", 0, "instances", 2, "memory", "512M", "env", Map.of("K", "v")))
                .patch(apps() + "/u").then().statusCode(200)
                .body("instances", equalTo(2)).body("memory", equalTo("512M")).body("version", equalTo(1));
        refused(409, "STALE_VERSION", () -> as(dev).body(Map.of("version", 0, "instances", 5)).patch(apps() + "/u"));
        refused(400, "INVALID_FIELD", "version", () -> as(dev).body(Map.of("instances", 5)).patch(apps() + "/u"));
        refused(400, "INVALID_FIELD", "memory", () -> as(dev).body(Map.of("version", 1, "memory", "lots")).patch(apps() + "/u"));
        refused(400, "MALFORMED_REQUEST", "name", () -> as(dev).body(Map.of("version", 1, "name", "renamed")).patch(apps() + "/u"));
        as(dev).get(apps() + "/u").then().body("instances", equalTo(2)).body("version", equalTo(1));
    }

    @Test
    void concurrentUpdatesWithOneVersionLetExactlyOneWin() throws Exception {
        Api.app(space, "race");
        DbSnapshot before = DbSnapshot.take(dataSource);
        int n = 6;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Callable<Integer>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                int instances = i + 1;
                calls.add(() -> {
                    go.await();
                    return as(dev).body(Map.of("version", 0, "instances", instances)).patch(apps() + "/race").statusCode();
                });
            }
            List<Future<Integer>> futures = calls.stream().map(pool::submit).toList();
            go.countDown();
            List<Integer> statuses = new java.util.ArrayList<>();
            for (Future<Integer> f : futures) {
                statuses.add(f.get());
            }
            assertThat(statuses).containsOnly(200, 409);
            assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        as(dev).get(apps() + "/race").then().body("version", equalTo(1));
        // The losers wrote nothing: one changed app row and one event, the winner's.
        DbSnapshot after = DbSnapshot.take(dataSource);
        assertThat(after.changedSince(before)).containsExactlyInAnyOrder("apps", "events");
        assertThat(after.rows("events")).isEqualTo(before.rows("events") + 1);
        as(dev).get("/v1/spaces/" + space + "/events?app=race").then().body("items.action", equalTo(List.of("app.update", "app.create")));
    }

    @Test
    void startsStopsAndRecordsEvents() {
        Api.app(space, "s");
        as(dev).post(apps() + "/s/start").then().statusCode(200).body("state", equalTo("STARTED"));
        as(dev).post(apps() + "/s/start").then().statusCode(200).body("state", equalTo("STARTED"));
        as(dev).post(apps() + "/s/stop").then().statusCode(200).body("state", equalTo("STOPPED"));
        as(dev).get("/v1/spaces/" + space + "/events?app=s").then().statusCode(200)
                .body("items.action", equalTo(List.of("app.stop", "app.start", "app.create")));
    }

    @Test
    void deletesAndUnmapsItsRoutes() {
        Api.app(space, "gone");
        long route = Api.route(space, Api.unique("h") + ".localhost", "gone");
        as(dev).delete(apps() + "/gone").then().statusCode(204);
        as(dev).get(apps() + "/gone").then().statusCode(404);
        as(dev).get("/v1/spaces/" + space + "/routes").then().body("items.find { it.id == " + route + " }.app", equalTo(null));
    }

    @Test
    void anotherSpacesAppIsNotFoundNotForbidden() {
        Api.app(space, "secret");
        Response r = refused(404, "NOT_FOUND", () -> as(otherDev).get(apps() + "/secret"));
        Response missing = as(otherDev).get("/v1/spaces/" + space + "/apps/does-not-exist");
        assertThat(r.jsonPath().getString("message")).isEqualTo(missing.jsonPath().getString("message"));
        refused(404, "NOT_FOUND", () -> as(otherDev).body(Map.of("version", 0, "instances", 0)).patch(apps() + "/secret"));
        refused(404, "NOT_FOUND", () -> as(otherDev).delete(apps() + "/secret"));
        refused(404, "NOT_FOUND", () -> as(otherDev).body(Map.of("name", "x")).post(apps()));
    }

    @Test
    void missingOrBadTokenIs401() {
        refused(401, "UNAUTHENTICATED", () -> as(null).get(apps()));
        refused(401, "UNAUTHENTICATED", () -> as("nope").get(apps()));
        refused(401, "UNAUTHENTICATED", () -> as(null).header("Authorization", "Basic abc").get(apps()));
    }

    @Test
    void adminSeesEverySpace() {
        Api.app(space, "seen");
        admin().get(apps() + "/seen").then().statusCode(200);
    }
}
