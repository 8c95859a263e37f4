package dev.paas.cli;

import static dev.paas.cli.Fixtures.page;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.cli.infra.Json;
import org.junit.jupiter.api.Test;

class TaskCommandsTest extends LoggedInCliTest {

    static final String TASKS = "/v1/spaces/default/apps/hello/tasks";

    static String task(int id, String name, String state, String extra) {
        return """
                {"id":%d,"guid":"6d1c0e2a-0000-4000-8000-000000000001","name":"%s","command":"bin/migrate","state":"%s",
                 "memory":"256M","disk":"1G","node":"node-1","createdAt":"2026-11-27T09:00:00Z","updatedAt":"2026-11-27T09:00:05Z"%s}"""
                .formatted(id, name, state, extra);
    }

    @Test
    void runTaskSendsTheCommandGivenEitherWayAndItsSizes() throws Exception {
        cp.on("POST", TASKS, 201, task(1, "migrate", "PENDING", ""));
        Harness.Result r = paas.run("run-task", "hello", "--command", "bin/migrate", "--name", "migrate", "-m", "512M", "-k", "2G");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("task 1 (migrate) of hello submitted");
        assertThat(Json.tree(cp.requests("POST", TASKS).get(0).body())).isEqualTo(Json.tree(
                "{\"command\":\"bin/migrate\",\"name\":\"migrate\",\"memory\":\"512M\",\"disk\":\"2G\"}"));
        assertThat(paas.run("run-task", "hello", "echo hi").code()).isZero();
        assertThat(Json.tree(cp.requests("POST", TASKS).get(1).body()).get("command").asText()).isEqualTo("echo hi");
        Harness.Result json = paas.run("run-task", "hello", "-c", "x", "--json");
        assertThat(Json.tree(json.out()).get("state").asText()).isEqualTo("PENDING");
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsSent() {
        Harness.Result none = paas.run("run-task", "hello");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("--command: the command to run is required");
        Harness.Result both = paas.run("run-task", "hello", "x", "--command", "y");
        assertThat(both.err()).contains("give the command once");
        Harness.Result memory = paas.run("run-task", "hello", "x", "-m", "12Q");
        assertThat(memory.code()).isEqualTo(2);
        assertThat(memory.err()).contains("-m: ");
        Harness.Result id = paas.run("terminate-task", "hello", "first");
        assertThat(id.code()).isEqualTo(2);
        assertThat(id.err()).contains("ID: 'first' is not a task id");
        assertThat(cp.writes()).isEmpty();
        assertThat(none.err()).doesNotContain("Exception");
    }

    @Test
    void tasksListsStateAndResultAndTerminateCancels() {
        cp.on("GET", TASKS, 200, page(task(3, "sleepy", "RUNNING", ""),
                task(2, "bad", "FAILED", ",\"exitCode\":3,\"failureReason\":\"APP/TASK/bad exited with status 3\""),
                task(1, "ok", "SUCCEEDED", ",\"exitCode\":0")));
        Harness.Result r = paas.run("tasks", "hello");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("id", "state", "sleepy", "RUNNING", "APP/TASK/bad exited with status 3", "exit 0");
        assertThat(r.out().indexOf("sleepy")).isLessThan(r.out().indexOf("ok "));

        cp.on("POST", TASKS + "/3/cancel", 202, task(3, "sleepy", "FAILED", ",\"failureReason\":\"task was cancelled\""));
        Harness.Result t = paas.run("terminate-task", "hello", "3");
        assertThat(t.code()).isZero();
        assertThat(t.out()).contains("terminated task 3 (sleepy) of hello: task was cancelled");

        cp.on("POST", TASKS + "/1/cancel", 409, "{\"code\":\"CONFLICT\",\"message\":\"task 1 of app 'hello' has already ended (SUCCEEDED); there is nothing to cancel\"}");
        Harness.Result ended = paas.run("terminate-task", "hello", "1");
        assertThat(ended.code()).isEqualTo(1);
        assertThat(ended.err()).contains("has already ended").doesNotContain("Exception");
    }
}
