package dev.paas.api.rest;

import static dev.paas.api.rest.Api.admin;
import static dev.paas.api.rest.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import dev.paas.api.scheduling.SchedulerRound;
import dev.paas.api.service.LogService;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tasks: the endpoints and their refusals (nothing written), and a task's life against a node
 * that a test plays: placed like an instance, run with its own command, ended by its exit, cancelled.
 */
@QuarkusTest
class TaskApiTest extends ApiTestBase {

    static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(15);

    @Inject
    SchedulerRound round;

    @Inject
    LogService logs;

    String space;
    String app;

    @BeforeEach
    void staged() {
        space = Api.unique("sp");
        Api.space(space);
        Api.check(admin().body(Map.of("name", "jobs", "memory", "128M")).post("/v1/spaces/" + space + "/apps"), 201);
        Agents.stage(dataSource, space, "jobs");
        app = "/v1/spaces/" + space + "/apps/jobs";
    }

    /** A node of this test's own (every other one DOWN, every other app stopped) and its credential. */
    String onlyNode(int memoryMb) {
        nodeMemoryMb = memoryMb;
        Agents.sql(dataSource, "update apps set state = 'STOPPED'");
        Agents.sql(dataSource, "update nodes set state = 'DOWN'");
        Agents.sql(dataSource, "delete from instances where task_id is not null");
        round.run(HEARTBEAT_TIMEOUT);
        String cred = Agents.join(Agents.joinToken(Api.unique("pool")), Api.unique("n"));
        Map<String, Object> hb = AgentApiTest.heartbeat(List.of());
        hb.put("memoryMb", memoryMb);
        as(cred).body(hb).put("/v1/agent/heartbeat").then().statusCode(200);
        return cred;
    }

    long count(String sql) {
        try (var c = dataSource.getConnection(); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    int nodeMemoryMb = 4096;

    void report(String cred, long vm, String state, String exit) {
        Map<String, Object> hb = AgentApiTest.heartbeat(List.of(AgentApiTest.report(vm, state, null, exit)));
        hb.put("memoryMb", nodeMemoryMb);
        as(cred).body(hb).put("/v1/agent/heartbeat").then().statusCode(200);
    }

    /** Tasks left pending would be placed on the nodes of later tests. */
    @org.junit.jupiter.api.AfterEach
    void forgetTasks() {
        Agents.sql(dataSource, "delete from tasks");
    }

    /** The one task VM in the node's desired list. */
    static Map<String, Object> desiredTask(String cred) {
        List<Map<String, Object>> desired = as(cred).get("/v1/agent/desired").then().statusCode(200).extract().jsonPath()
                .getList("instances");
        assertThat(desired).hasSize(1);
        return desired.get(0);
    }

    @Test
    void tasksAreNumberedPerAppNamedLikeCloudFoundryAndListedNewestFirst() {
        admin().body(Map.of("command", "bin/migrate")).post(app + "/tasks").then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith(app + "/tasks/1"))
                .body("id", equalTo(1))
                .body("name", matchesPattern("[0-9a-f]{8}"))
                .body("command", equalTo("bin/migrate"))
                .body("state", equalTo("PENDING"))
                .body("memory", equalTo("128M"))
                .body("disk", equalTo("1G"))
                .body("guid", matchesPattern("[0-9a-f-]{36}"))
                .body("exitCode", nullValue());
        admin().body(Map.of("command", "echo hi", "name", "seed-db", "memory", "256M", "disk", "512M")).post(app + "/tasks")
                .then().statusCode(201).body("id", equalTo(2)).body("name", equalTo("seed-db"))
                .body("memory", equalTo("256M")).body("disk", equalTo("512M"));
        JsonPath list = admin().get(app + "/tasks").then().statusCode(200).extract().jsonPath();
        assertThat(list.getList("items.id", Integer.class)).containsExactly(2, 1);
        assertThat(list.getInt("total")).isEqualTo(2);
        admin().get(app + "/tasks/2").then().statusCode(200).body("name", equalTo("seed-db"));
        admin().get(app + "/tasks/3").then().statusCode(404).body("code", equalTo("NOT_FOUND"));
        refused(400, "INVALID_FIELD", "id", () -> admin().get(app + "/tasks/first"));
    }

    static Stream<Arguments> badRequests() {
        Map<String, Object> noCommand = new HashMap<>();
        noCommand.put("name", "x");
        return Stream.of(
                Arguments.of("no command", noCommand, "command"),
                Arguments.of("an empty command", Map.of("command", "  "), "command"),
                Arguments.of("a command of two lines", Map.of("command", "a\nb"), "command"),
                Arguments.of("bad memory", Map.of("command", "x", "memory", "12Q"), "memory"),
                Arguments.of("too much memory", Map.of("command", "x", "memory", "64G"), "memory"),
                Arguments.of("too little memory", Map.of("command", "x", "memory", "1M"), "memory"),
                Arguments.of("bad disk", Map.of("command", "x", "disk", "lots"), "disk"),
                Arguments.of("a name with a slash", Map.of("command", "x", "name", "a/b"), "name"),
                Arguments.of("an empty name", Map.of("command", "x", "name", ""), "name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badValuesAre400NamingTheFieldAndWriteNothing(String name, Map<String, Object> body, String field) {
        refused(400, "INVALID_FIELD", field, () -> admin().body(body).post(app + "/tasks"));
    }

    @Test
    void noBodyAnUnknownFieldAnUnknownAppAndAnAppNeverStagedAreRefused() {
        refused(400, "INVALID_FIELD", "body", () -> admin().contentType("application/json").post(app + "/tasks"));
        refused(400, "MALFORMED_REQUEST", "instances", () -> admin().body(Map.of("command", "x", "instances", 2)).post(app + "/tasks"));
        refused(404, "NOT_FOUND", () -> admin().body(Map.of("command", "x")).post("/v1/spaces/" + space + "/apps/nope/tasks"));
        Api.app(space, "raw");
        var r = refused(409, "CONFLICT", () -> admin().body(Map.of("command", "x")).post("/v1/spaces/" + space + "/apps/raw/tasks"));
        assertThat(r.jsonPath().getString("message")).contains("never been staged").contains("stage it first");
    }

    @Test
    void aTaskRunsItsCommandOnceFromTheAppsImageAndSucceedsOnExitZero() {
        String cred = onlyNode(4096);
        admin().body(Map.of("command", "bin/seed --all", "name", "seed")).post(app + "/tasks").then().statusCode(201);
        round.run(HEARTBEAT_TIMEOUT);
        Map<String, Object> d = desiredTask(cred);
        @SuppressWarnings("unchecked")
        Map<String, String> env = (Map<String, String>) d.get("env");
        @SuppressWarnings("unchecked")
        Map<String, Object> check = (Map<String, Object>) d.get("healthCheck");
        assertThat(env).containsEntry("PAAS_PROCESS_COMMAND", "bin/seed --all").containsEntry("PAAS_PROCESS_TYPE", "task")
                .containsKey("VCAP_APPLICATION").containsKey("VCAP_SERVICES");
        assertThat(check.get("type")).isEqualTo("PROCESS");
        assertThat(d.get("memoryMb")).isEqualTo(128);
        assertThat(d.get("clonesOff")).as("a task never starts from, nor leaves, a snapshot").isEqualTo(true);
        long vm = ((Number) d.get("instanceId")).longValue();
        admin().get(app + "/tasks/1").then().body("state", equalTo("PENDING")).body("node", org.hamcrest.Matchers.notNullValue());
        assertThat(logs.sources(Agents.appId(dataSource, space, "jobs"))).extracting(LogService.Source::appSource)
                .containsExactly("APP/TASK/seed");

        report(cred, vm, "RUNNING", null);
        admin().get(app + "/tasks/1").then().body("state", equalTo("RUNNING"));
        report(cred, vm, "CRASHED", "exited with code 0");
        admin().get(app + "/tasks/1").then().body("state", equalTo("SUCCEEDED")).body("exitCode", equalTo(0))
                .body("failureReason", nullValue());
        assertThat(as(cred).get("/v1/agent/desired").then().extract().jsonPath().getList("instances")).as("never restarted").isEmpty();
        round.run(HEARTBEAT_TIMEOUT);
        round.run(HEARTBEAT_TIMEOUT);
        assertThat(as(cred).get("/v1/agent/desired").then().extract().jsonPath().getList("instances")).isEmpty();
        assertThat(logs.recentSources(Agents.appId(dataSource, space, "jobs"))).as("the ended VM's lines are still asked for")
                .extracting(LogService.Source::instanceId).containsExactly(vm);
    }

    @Test
    void aFailingTaskEndsFailedWithItsCodeAndAnEndedOneCannotBeCancelled() {
        String cred = onlyNode(4096);
        admin().body(Map.of("command", "exit 3", "name", "bad")).post(app + "/tasks").then().statusCode(201);
        round.run(HEARTBEAT_TIMEOUT);
        long vm = ((Number) desiredTask(cred).get("instanceId")).longValue();
        report(cred, vm, "CRASHED", "exited with code 3");
        admin().get(app + "/tasks/1").then().body("state", equalTo("FAILED")).body("exitCode", equalTo(3))
                .body("failureReason", equalTo("APP/TASK/bad exited with status 3"));
        refused(409, "CONFLICT", () -> admin().post(app + "/tasks/1/cancel"));
    }

    @Test
    void cancelStopsTheVmAndALateExitDoesNotRewriteTheOutcome() {
        String cred = onlyNode(4096);
        admin().body(Map.of("command", "sleep 600")).post(app + "/tasks").then().statusCode(201);
        round.run(HEARTBEAT_TIMEOUT);
        long vm = ((Number) desiredTask(cred).get("instanceId")).longValue();
        report(cred, vm, "RUNNING", null);
        admin().post(app + "/tasks/1/cancel").then().statusCode(202).body("state", equalTo("FAILED"))
                .body("failureReason", equalTo("task was cancelled")).body("exitCode", nullValue());
        assertThat(as(cred).get("/v1/agent/desired").then().extract().jsonPath().getList("instances")).as("the VM is stopped").isEmpty();
        report(cred, vm, "STOPPING", null);
        report(cred, vm, "STOPPED", "exited with code 143 (after SIGTERM)");
        admin().get(app + "/tasks/1").then().body("state", equalTo("FAILED")).body("failureReason", equalTo("task was cancelled"));
        round.run(HEARTBEAT_TIMEOUT);
        assertThat(count("select count(*) from instances where task_id is not null")).isZero();
    }

    @Test
    void cancellingATaskPlacedButNotYetReportedForgetsItsVmAtOnce() {
        String cred = onlyNode(4096);
        admin().body(Map.of("command", "sleep 600")).post(app + "/tasks").then().statusCode(201);
        round.run(HEARTBEAT_TIMEOUT);
        desiredTask(cred);
        admin().post(app + "/tasks/1/cancel").then().statusCode(202).body("state", equalTo("FAILED"));
        assertThat(count("select count(*) from instances where task_id is not null")).as("no row left holding memory").isZero();
        assertThat(as(cred).get("/v1/agent/desired").then().extract().jsonPath().getList("instances")).isEmpty();
    }

    @Test
    void aTaskNoNodeCanTakeStaysPendingWithTheReasonAndCountsAgainstMemoryOnceItRuns() {
        String cred = onlyNode(256);
        admin().body(Map.of("command", "x", "memory", "512M")).post(app + "/tasks").then().statusCode(201);
        round.run(HEARTBEAT_TIMEOUT);
        admin().get(app + "/tasks/1").then().body("state", equalTo("PENDING"))
                .body("failureReason", containsString("insufficient memory")).body("node", nullValue());
        // A pending task is cancelled without any node: its row goes at once.
        admin().post(app + "/tasks/1/cancel").then().statusCode(202).body("failureReason", equalTo("task was cancelled"));
        assertThat(count("select count(*) from instances where task_id is not null")).isZero();

        // A running task holds its memory: the app's own instance waits for it.
        admin().body(Map.of("command", "sleep 600", "memory", "256M")).post(app + "/tasks").then().statusCode(201);
        round.run(HEARTBEAT_TIMEOUT);
        report(cred, ((Number) desiredTask(cred).get("instanceId")).longValue(), "RUNNING", null);
        Api.check(admin().post(app + "/start"), 200);
        round.run(HEARTBEAT_TIMEOUT);
        JsonPath instances = admin().get(app + "/instances").then().statusCode(200).extract().jsonPath();
        assertThat(instances.getString("[0].state")).isEqualTo("UNCLAIMED");
        assertThat(instances.getString("[0].placementError")).contains("insufficient memory");
    }
}
