package dev.paas.cli;

import static dev.paas.cli.Fixtures.app;
import static dev.paas.cli.Fixtures.node;
import static dev.paas.cli.Fixtures.page;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.cli.infra.Json;
import org.junit.jupiter.api.Test;

class AdminAndReleaseCommandsTest extends LoggedInCliTest {

    static final String APP = "/v1/spaces/default/apps/hello";

    @Test
    void poolsAndCreatePool() {
        cp.on("GET", "/v1/node-pools", 200, page("{\"name\":\"default\",\"labels\":{},\"createdAt\":\"2026-11-27T08:00:00Z\"}",
                "{\"name\":\"edge\",\"labels\":{\"zone\":\"eu-1\"},\"createdAt\":\"2026-11-27T08:00:00Z\"}"));
        assertThat(paas.run("pools").out()).isEqualTo("""
                name     labels     created
                default  -          2026-11-27T08:00:00Z
                edge     zone=eu-1  2026-11-27T08:00:00Z
                """);
        cp.on("POST", "/v1/node-pools", 201, "{\"name\":\"edge\",\"labels\":{\"zone\":\"eu-1\",\"disk\":\"ssd\"}}");
        Harness.Result r = paas.run("create-pool", "edge", "--label", "zone=eu-1", "--label", "disk=ssd");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("created node pool edge (zone=eu-1, disk=ssd)");
        assertThat(cp.requests("POST", "/v1/node-pools").get(0).body())
                .isEqualTo("{\"name\":\"edge\",\"labels\":{\"zone\":\"eu-1\",\"disk\":\"ssd\"}}");
    }

    @Test
    void aBadLabelIsAUsageError() {
        Harness.Result r = paas.run("create-pool", "edge", "--label", "zone");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("paas: --label: 'zone' is not KEY=VALUE\n");
        assertThat(cp.requests()).isEmpty();
    }

    @Test
    void joinTokenShowsTheSecretOnceAndTheAgentCommand() {
        cp.on("POST", "/v1/node-pools/default/join-tokens", 201, """
                {"id":4,"pool":"default","description":"rack 3","createdBy":"admin",
                 "createdAt":"2026-11-27T10:00:00Z","expiresAt":"2026-11-27T12:00:00Z","token":"paas_jt_s3cret"}""");
        Harness.Result r = paas.run("join-token", "default", "--ttl-hours", "2", "--description", "rack 3");
        assertThat(r.code()).isZero();
        assertThat(cp.requests("POST", "/v1/node-pools/default/join-tokens").get(0).body())
                .isEqualTo("{\"description\":\"rack 3\",\"ttlHours\":2}");
        assertThat(r.out()).contains("\n  paas_jt_s3cret\n")
                .contains("  node-agent --control-plane " + cp.url() + " --join-token paas_jt_s3cret --address HOST\n")
                .contains("valid until 2026-11-27T12:00:00Z");
        assertThat(Json.tree(paas.run("join-token", "default", "--json").out()).get("token").asText())
                .isEqualTo("paas_jt_s3cret");
    }

    @Test
    void nodesAndTheirActions() {
        cp.on("GET", "/v1/nodes", 200, page(node("node-1", "READY")));
        assertThat(paas.run("nodes").out()).isEqualTo("""
                name    pool     state  accel  memory used    vcpus  instances  address   heartbeat
                node-1  default  ready  tcg    512M of 4096M  2      2          10.0.0.5  5s ago
                """);
        cp.on("POST", "/v1/nodes/node-1/cordon", 200, node("node-1", "CORDONED"));
        cp.on("POST", "/v1/nodes/node-1/drain", 200, node("node-1", "DRAINING"));
        cp.on("POST", "/v1/nodes/node-1/uncordon", 200, node("node-1", "READY"));
        assertThat(paas.run("cordon", "node-1").out()).isEqualTo("node node-1 is cordoned: it takes no new instances\n");
        assertThat(paas.run("drain", "node-1").out())
                .isEqualTo("node node-1 is draining: its instances move to other nodes\n");
        assertThat(paas.run("uncordon", "node-1").out()).isEqualTo("node node-1 is ready: it takes new instances\n");
        cp.error("POST", "/v1/nodes/node-2/cordon", 409, "CONFLICT", "node node-2 is DOWN");
        Harness.Result down = paas.run("cordon", "node-2");
        assertThat(down.code()).isEqualTo(1);
        assertThat(down.err()).isEqualTo("paas: node node-2 is DOWN\n");
    }

    @Test
    void eventsOfAnApp() {
        cp.on("GET", "/v1/spaces/default/events", 200, page("""
                {"id":2,"at":"2026-11-27T09:59:00Z","actor":"alice","action":"app.scale","space":"default","app":"hello",
                 "target":"hello","details":{"instances":3}}""", """
                {"id":1,"at":"2026-11-27T09:00:00Z","actor":"alice","action":"app.create","space":"default","app":"hello",
                 "target":"hello","details":{}}"""));
        Harness.Result r = paas.run("events", "hello");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("""
                time                  action      actor  details
                2026-11-27T09:59:00Z  app.scale   alice  instances=3
                2026-11-27T09:00:00Z  app.create  alice
                """);
        assertThat(cp.requests("GET", "/v1/spaces/default/events").get(0).query()).isEqualTo("app=hello&perPage=50");
        assertThat(paas.run("events", "hello", "-n", "500").code()).isEqualTo(2);
    }

    @Test
    void recentLogsArePrintedAsTheyCome() {
        cp.onText("GET", APP + "/logs", 200, "2026-11-27T10:00:00.123Z [APP/0] OUT listening on 8080\n"
                + "2026-11-27T10:00:01.000Z [RTR/0] OUT GET / 200\n");
        Harness.Result r = paas.run("logs", "hello", "--recent");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("2026-11-27T10:00:00.123Z [APP/0] OUT listening on 8080\n"
                + "2026-11-27T10:00:01.000Z [RTR/0] OUT GET / 200\n");
        assertThat(cp.requests("GET", APP + "/logs").get(0).query()).isEqualTo("recent=true");
        assertThat(Json.tree(paas.run("logs", "hello", "--recent", "--json").out()).get("lines")).hasSize(2);
    }

    @Test
    void followingLogsReadsTheEventStream() {
        cp.replies("GET", APP + "/logs/stream", 200, "text/event-stream", """
                data:{"at":"2026-11-27T10:00:00.123Z","source":"APP","instance":0,"stream":"OUT","text":"listening on 8080"}

                data:{"at":"2026-11-27T10:00:01Z","source":"RTR","stream":"OUT","text":"GET / 200"}

                """);
        Harness.Result r = paas.run("logs", "hello");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("2026-11-27T10:00:00.123Z [APP/0] OUT listening on 8080\n"
                + "2026-11-27T10:00:01Z [RTR] OUT GET / 200\n");
        assertThat(paas.run("logs", "hello", "--json").out()).startsWith("{\"at\":\"2026-11-27T10:00:00.123Z\"");
        assertThat(ReleaseCommands.renderLogLine("not json")).isEqualTo("not json");
    }

    @Test
    void logsAgainstAControlPlaneWithoutThemSaySo() {
        cp.on("GET", APP, 200, app("hello", 1));
        Harness.Result r = paas.run("logs", "hello", "--recent");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("paas: the control plane at " + cp.url() + " does not serve app logs yet (it "
                + "answered 404); update it, or wait for the push path\n");
    }

    @Test
    void logsOfAnUnknownAppNameTheApp() {
        cp.error("GET", APP + "/logs", 404, "NOT_FOUND", "app hello not found");
        cp.error("GET", APP, 404, "NOT_FOUND", "app hello not found");
        Harness.Result r = paas.run("logs", "hello", "--recent");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("paas: app hello not found\n");
    }

    @Test
    void revisionsAndRollback() {
        cp.on("GET", APP + "/revisions", 200, """
                [{"number":2,"createdAt":"2026-11-27T09:59:00Z","imageDigest":"0123456789abcdef0123","imageBytes":9,
                  "runtime":"java","current":true},
                 {"number":1,"createdAt":"2026-11-27T09:00:00Z","imageDigest":"fedcba9876543210","runtime":"java",
                  "description":"first","current":false}]""");
        assertThat(paas.run("revisions", "hello").out()).isEqualTo("""
                revision  created  image         runtime  description  current
                2         1m ago   0123456789ab  java                  *
                1         1h ago   fedcba987654  java     first
                """);
        cp.on("POST", APP + "/rollback", 200, "{\"number\":1,\"current\":true}");
        Harness.Result r = paas.run("rollback", "hello", "--version", "1");
        assertThat(r.code()).isZero();
        assertThat(cp.requests("POST", APP + "/rollback").get(0).body()).isEqualTo("{\"version\":1}");
        assertThat(r.out()).startsWith("rolling hello back to revision 1");
    }

    @Test
    void rollbackToAMissingRevisionIsTheApisMessage() {
        cp.on("GET", APP, 200, app("hello", 1));
        cp.error("POST", APP + "/rollback", 404, "NOT_FOUND", "hello has no revision 9");
        Harness.Result r = paas.run("rollback", "hello", "--version", "9");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("paas: hello has no revision 9\n");
    }

    @Test
    void revisionsWithoutTheEndpointSaySo() {
        Harness.Result r = paas.run("revisions", "hello");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("does not serve revisions yet");
        assertThat(paas.run("rollback", "hello").code()).isEqualTo(2);
    }
}
