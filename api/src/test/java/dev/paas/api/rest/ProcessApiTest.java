package dev.paas.api.rest;

import static dev.paas.api.rest.Api.admin;
import static dev.paas.api.rest.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.paas.api.scheduling.SchedulerRound;
import dev.paas.api.service.RoutingService;
import dev.paas.model.RoutingTable.RoutingEntry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Process types ({@code web}, {@code worker}...): the endpoints, their refusals (nothing
 * written), and what the scheduler and the agents make of a worker: its own indexes, memory,
 * command and health check, and no route.
 */
@QuarkusTest
class ProcessApiTest extends ApiTestBase {

    static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(15);

    @Inject
    SchedulerRound round;

    @Inject
    RoutingService routing;

    String app() {
        String space = Api.unique("sp");
        Api.space(space);
        String name = Api.unique("a");
        Api.app(space, name);
        return "/v1/spaces/" + space + "/apps/" + name;
    }

    @Test
    void aWorkerIsCreatedListedAfterWebAndScaled() {
        String app = app();
        admin().body(Map.of("command", "./app --work", "instances", 2, "memory", "128M", "disk", "256M"))
                .put(app + "/processes/worker").then().statusCode(200)
                .body("type", equalTo("worker"))
                .body("command", equalTo("./app --work"))
                .body("instances", equalTo(2))
                .body("memory", equalTo("128M"))
                .body("disk", equalTo("256M"))
                .body("healthCheck.type", equalTo("PROCESS"));
        JsonPath list = admin().get(app + "/processes").then().statusCode(200).extract().jsonPath();
        assertThat(list.getList("type", String.class)).containsExactly("web", "worker");
        assertThat(list.getString("[0].healthCheck.type")).isEqualTo("PORT");

        admin().body(Map.of("instances", 3)).put(app + "/processes/worker").then().statusCode(200)
                .body("instances", equalTo(3)).body("memory", equalTo("128M")).body("command", equalTo("./app --work"));
        admin().body(Map.of("instances", 2, "memory", "64M")).put(app + "/processes/web").then().statusCode(200)
                .body("instances", equalTo(2)).body("memory", equalTo("64M"));
        admin().get(app).then().statusCode(200).body("instances", equalTo(2)).body("memory", equalTo("64M"));
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("no command for a new type", "worker", Map.of("instances", 1),
                        "command: is required for a new process type 'worker'"),
                Arguments.of("bad memory", "worker", Map.of("command", "./w", "memory", "12Q"), "memory: '12Q'"),
                Arguments.of("too little memory", "worker", Map.of("command", "./w", "memory", "1M"), "memory: "),
                Arguments.of("bad disk", "worker", Map.of("command", "./w", "disk", "lots"), "disk: "),
                Arguments.of("negative instances", "worker", Map.of("command", "./w", "instances", -1), "instances: "),
                Arguments.of("an endpoint without HTTP", "worker",
                        Map.of("command", "./w", "healthCheck", Map.of("endpoint", "/x")), "healthCheck.endpoint: "),
                Arguments.of("a bad type", "Bad_Type", Map.of("command", "./w"), "type: 'Bad_Type' is not a process type"),
                Arguments.of("bad web memory", "web", Map.of("memory", "12Q"), "memory: '12Q'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badValuesAre400NamingTheFieldAndWriteNothing(String name, String type, Map<String, Object> body, String message) {
        String app = app();
        DbSnapshot before = DbSnapshot.take(dataSource);
        admin().body(body).put(app + "/processes/" + type).then().statusCode(400)
                .body("code", equalTo("INVALID_FIELD"))
                .body("message", org.hamcrest.Matchers.startsWith(message));
        assertThat(DbSnapshot.take(dataSource)).isEqualTo(before);
        JsonPath list = admin().get(app + "/processes").then().statusCode(200).extract().jsonPath();
        assertThat(list.getList("type", String.class)).containsExactly("web");
        assertThat(list.getString("[0].memory")).isEqualTo("256M");
    }

    @Test
    void anUnknownTypeIs404AStaleVersion409AndWebCannotBeRemoved() {
        String app = app();
        admin().get(app + "/processes/clock").then().statusCode(404)
                .body("message", org.hamcrest.Matchers.endsWith("process type 'clock' of app '" + app.substring(app.lastIndexOf('/') + 1)
                        + "' not found; it has web"));
        admin().delete(app + "/processes/clock").then().statusCode(404);
        admin().delete(app + "/processes/web").then().statusCode(400)
                .body("message", org.hamcrest.Matchers.startsWith("type: web is the app itself"));
        admin().body(Map.of("command", "./w")).put(app + "/processes/worker").then().statusCode(200);
        admin().body(Map.of("version", 7, "instances", 2)).put(app + "/processes/worker").then().statusCode(409)
                .body("code", equalTo("STALE_VERSION"));
        admin().body(Map.of("command", " ")).put(app + "/processes/worker").then().statusCode(400)
                .body("message", org.hamcrest.Matchers.startsWith("command: must not be empty"));
        admin().body(Map.of("command", "./w", "routes", List.of("w.localhost"))).put(app + "/processes/worker").then()
                .statusCode(400).body("code", equalTo("MALFORMED_REQUEST"))
                .body("message", org.hamcrest.Matchers.startsWith("unknown field 'routes'"));
        admin().get(app + "/processes/worker").then().statusCode(200).body("instances", equalTo(1)).body("command", equalTo("./w"));
        admin().delete(app + "/processes/worker").then().statusCode(204);
        assertThat(admin().get(app + "/processes").then().extract().jsonPath().getList("type", String.class)).containsExactly("web");
    }

    @Test
    void aNewRevisionThawsAWorkersFailedRollout() throws Exception {
        String space = Api.unique("sp");
        Api.space(space);
        String app = "/v1/spaces/" + space + "/apps/thaw";
        Api.check(admin().body(Map.of("name", "thaw")).post("/v1/spaces/" + space + "/apps"), 201);
        admin().body(Map.of("command", "./w")).put(app + "/processes/worker").then().statusCode(200);
        Agents.stage(dataSource, space, "thaw");
        long appId = Agents.appId(dataSource, space, "thaw");
        Agents.sql(dataSource, "update app_processes set failed_release = '1:256:1024' where app_id = ?", appId);
        admin().post(app + "/restart").then().statusCode(org.hamcrest.Matchers.lessThan(300));
        try (var c = dataSource.getConnection(); var st = c.prepareStatement("select failed_release from app_processes where app_id = ?")) {
            st.setLong(1, appId);
            try (var rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isNull();
            }
        }
    }

    @Test
    void aWorkerGetsItsOwnIndexesMemoryCommandAndHealthCheckAndNoRoute() {
        Agents.sql(dataSource, "update apps set state = 'STOPPED'");
        Agents.sql(dataSource, "update nodes set state = 'DOWN'");
        round.run(HEARTBEAT_TIMEOUT);
        round.run(HEARTBEAT_TIMEOUT);
        String space = Api.unique("sp");
        Api.space(space);
        String cred = Agents.join(Agents.joinToken(Api.unique("pool")), Api.unique("n"));
        String app = "/v1/spaces/" + space + "/apps/shop";
        Api.check(admin().body(Map.of("name", "shop", "memory", "256M")).post("/v1/spaces/" + space + "/apps"), 201);
        Api.route(space, Api.unique("shop") + ".localhost", "shop");
        admin().body(Map.of("command", "./shop --work", "instances", 2, "memory", "128M")).put(app + "/processes/worker")
                .then().statusCode(200);
        Agents.stage(dataSource, space, "shop");
        Api.check(admin().post(app + "/start"), 200);
        round.run(HEARTBEAT_TIMEOUT);

        List<Map<String, Object>> desired = as(cred).get("/v1/agent/desired").then().statusCode(200).extract().jsonPath()
                .getList("instances");
        List<String> seen = new ArrayList<>();
        for (Map<String, Object> d : desired) {
            @SuppressWarnings("unchecked")
            Map<String, String> env = (Map<String, String>) d.get("env");
            @SuppressWarnings("unchecked")
            Map<String, Object> check = (Map<String, Object>) d.get("healthCheck");
            seen.add(env.get("PAAS_PROCESS_TYPE") + "#" + d.get("index") + " " + d.get("memoryMb") + "M "
                    + check.get("type") + " " + env.get("PAAS_PROCESS_COMMAND"));
        }
        assertThat(seen).containsExactlyInAnyOrder("web#0 256M PORT null", "worker#0 128M PROCESS ./shop --work",
                "worker#1 128M PROCESS ./shop --work");
        JsonPath processes = admin().get(app + "/processes").then().statusCode(200).extract().jsonPath();
        assertThat(processes.getList("[1].instanceList.index", Integer.class)).containsExactly(0, 1);
        assertThat(admin().get(app + "/instances").then().extract().jsonPath().getList("index", Integer.class))
                .as("the app's instances are web's").containsExactly(0);

        List<Map<String, Object>> reports = new ArrayList<>();
        for (Map<String, Object> d : desired) {
            long id = ((Number) d.get("instanceId")).longValue();
            reports.add(AgentApiTest.report(id, "RUNNING", "127.0.0.1:" + (20000 + id % 40000), null));
        }
        as(cred).body(AgentApiTest.heartbeat(reports)).put("/v1/agent/heartbeat").then().statusCode(200);
        round.run(HEARTBEAT_TIMEOUT);
        RoutingEntry entry = routing.table().routes().stream().filter(e -> e.app().equals(space + "/shop")).findFirst()
                .orElseThrow();
        assertThat(entry.endpoints()).as("only web is routed").hasSize(1);
        long web = desired.stream().filter(d -> ((Map<?, ?>) d.get("env")).get("PAAS_PROCESS_TYPE").equals("web"))
                .map(d -> ((Number) d.get("instanceId")).longValue()).findFirst().orElseThrow();
        assertThat(entry.endpoints()).containsExactly("127.0.0.1:" + (20000 + web % 40000));

        // Scaling the worker down stops its highest index only; web is untouched.
        admin().body(Map.of("instances", 1)).put(app + "/processes/worker").then().statusCode(200);
        round.run(HEARTBEAT_TIMEOUT);
        List<String> left = new ArrayList<>();
        as(cred).get("/v1/agent/desired").then().statusCode(200).extract().jsonPath().<Map<String, Object>>getList("instances")
                .forEach(d -> left.add(((Map<?, ?>) d.get("env")).get("PAAS_PROCESS_TYPE") + "#" + d.get("index")));
        assertThat(left).containsExactlyInAnyOrder("web#0", "worker#0");
    }
}
