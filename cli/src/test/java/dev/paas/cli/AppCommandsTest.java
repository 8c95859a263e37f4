package dev.paas.cli;

import static dev.paas.cli.Fixtures.app;
import static dev.paas.cli.Fixtures.instance;
import static dev.paas.cli.Fixtures.page;
import static dev.paas.cli.Fixtures.route;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.cli.infra.Json;
import org.junit.jupiter.api.Test;

class AppCommandsTest extends LoggedInCliTest {

    static final String APP = "/v1/spaces/default/apps/hello";

    @Test
    void appsIsATable() {
        cp.on("GET", "/v1/spaces/default/apps", 200, page(app("hello", 3, 2, "512M", "STARTED", "{}"), app("worker", 1)));
        cp.on("GET", "/v1/spaces/default/apps/hello/instances", 200, "[" + instance(0, "RUNNING", "n1", 0, null, null, 4L) + ","
                + instance(1, "STARTING", "n1", 0, null, null, 4L) + "]");
        cp.on("GET", "/v1/spaces/default/apps/worker/instances", 200, "[]");
        cp.on("GET", "/v1/spaces/default/routes", 200, page(route(1, "hello.localhost", "", "hello"),
                route(2, "shop.localhost", "/api", "hello"), route(3, "idle.localhost", "", null)));
        Harness.Result r = paas.run("apps");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("""
                name    state    instances  memory  routes                               updated
                hello   started  1/2        512M    hello.localhost, shop.localhost/api  2m ago
                worker  stopped  0/1        256M    -                                    2m ago
                """);
        assertThat(cp.requests("GET", "/v1/spaces/default/apps").get(0).authorization()).isEqualTo("Bearer tok-123");
    }

    @Test
    void appsJsonIsTheApisPage() {
        cp.on("GET", "/v1/spaces/default/apps", 200, page(app("hello", 3)));
        Harness.Result r = paas.run("apps", "--json");
        assertThat(r.code()).isZero();
        var tree = Json.tree(r.out());
        assertThat(tree.get("items").get(0).get("name").asText()).isEqualTo("hello");
        assertThat(tree.get("items").get(0).get("version").asLong()).isEqualTo(3);
        assertThat(tree.get("total").asLong()).isEqualTo(1);
    }

    @Test
    void noAppsSaysHowToPushOne() {
        cp.on("GET", "/v1/spaces/default/apps", 200, page());
        assertThat(paas.run("apps").out()).isEqualTo("no apps in space default; push one with 'paas push NAME -p PATH'\n");
    }

    @Test
    void appShowsInstancesAndPendingReasons() {
        cp.on("GET", APP, 200, app("hello", 3, 2, "512M", "STARTED", "{\"A\":\"1\"}"));
        cp.on("GET", APP + "/instances", 200, "[" + instance(0, "RUNNING", "node-1", 0, null, null, 4L) + ","
                + instance(1, "UNCLAIMED", null, 0, null, "3 nodes insufficient memory, 1 cordoned", 4L) + "]");
        cp.on("GET", "/v1/spaces/default/routes", 200, page(route(1, "hello.localhost", "", "hello"),
                route(2, "other.localhost", "", "other")));
        Harness.Result r = paas.run("app", "hello");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("instances: 1 of 2 running").contains("routes:    hello.localhost\n")
                .contains("0      running    1m ago  node-1")
                .endsWith("instance 1 pending: 3 nodes insufficient memory, 1 cordoned\n");

        Harness.Result json = paas.run("app", "hello", "--json");
        var tree = Json.tree(json.out());
        assertThat(tree.get("app").get("name").asText()).isEqualTo("hello");
        assertThat(tree.get("instances")).hasSize(2);
        assertThat(tree.get("routes")).hasSize(1);
    }

    @Test
    void appShowsTheRoutersFiguresAndEachInstancesMemoryAndCpu() {
        cp.on("GET", APP, 200, app("hello", 3, 1, "64M", "STARTED", "{}"));
        cp.on("GET", APP + "/instances", 200, "[" + instance(0, "RUNNING", "node-1", 0, null, null, 4L) + "]");
        cp.on("GET", "/v1/spaces/default/routes", 200, page());
        cp.on("GET", APP + "/metrics", 200, """
                {"at":"2026-01-01T00:05:00Z","windowSeconds":300,"bucketSeconds":10,"requests":12,"status5xx":3,
                 "requestsPerSecond":0.04,"p50Millis":17.2,"p99Millis":731.9,"buckets":[],
                 "instances":[{"index":0,"state":"RUNNING","memoryUsedBytes":16777216,"memoryLimitBytes":67108864,
                               "memoryPercent":25.0,"cpuPercent":14.83}]}""");
        Harness.Result r = paas.run("app", "hello");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("requests:  12 in the last 5 min (0.04/s), 3 5xx (25%), p50 17 ms, p99 732 ms\n")
                .contains("memory", "cpu").contains("16M of 64M (25%)  14.8%");

        var tree = Json.tree(paas.run("app", "hello", "--json").out());
        assertThat(tree.get("metrics").get("requests").asLong()).isEqualTo(12);
        assertThat(tree.get("metrics").get("instances").get(0).get("cpuPercent").asDouble()).isEqualTo(14.83);
    }

    @Test
    void anUnknownAppIsTheApisMessage() {
        cp.error("GET", "/v1/spaces/default/apps/nope", 404, "NOT_FOUND", "app nope not found in space default");
        Harness.Result r = paas.run("app", "nope");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("paas: app nope not found in space default\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void createApp() {
        cp.on("POST", "/v1/spaces/default/apps", 201, app("hello", 0, 2, "512M", "STOPPED", "{}"));
        Harness.Result r = paas.run("create-app", "hello", "-m", "512M", "-i", "2");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("created app hello in space default: 2 x 512M, stopped\n");
        assertThat(cp.requests("POST", "/v1/spaces/default/apps").get(0).body())
                .isEqualTo("{\"name\":\"hello\",\"instances\":2,\"memory\":\"512M\"}");
    }

    @Test
    void createAppInvalidFieldIsTheApisMessage() {
        cp.error("POST", "/v1/spaces/default/apps", 400, "INVALID_FIELD",
                "memory: '12 parsecs' is not a size; write a whole number with M or G, such as 256M or 1G");
        Harness.Result r = paas.run("create-app", "hello", "-m", "12 parsecs");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("paas: memory: '12 parsecs' is not a size; write a whole number with M or G, "
                + "such as 256M or 1G\n");
    }

    @Test
    void scaleSendsTheVersionItReadAndRetriesOnceWhenStale() {
        cp.on("GET", APP, 200, app("hello", 7)).on("GET", APP, 200, app("hello", 8));
        cp.error("PATCH", APP, 409, "STALE_VERSION", "app hello changed since version 7; read it again");
        cp.on("PATCH", APP, 200, app("hello", 9, 3, "512M", "STARTED", "{}"));
        Harness.Result r = paas.run("scale", "hello", "-i", "3", "-m", "512M");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("scaled hello: 3 instances of 512M\n");
        var patches = cp.requests("PATCH", APP);
        assertThat(patches).hasSize(2);
        assertThat(patches.get(0).body()).isEqualTo("{\"version\":7,\"instances\":3,\"memory\":\"512M\"}");
        assertThat(patches.get(1).body()).isEqualTo("{\"version\":8,\"instances\":3,\"memory\":\"512M\"}");
    }

    @Test
    void scaleGivesUpAfterTwoStaleVersions() {
        cp.on("GET", APP, 200, app("hello", 7));
        cp.error("PATCH", APP, 409, "STALE_VERSION", "app hello changed; read it again");
        Harness.Result r = paas.run("scale", "hello", "-i", "3");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("paas: app hello changed; read it again\n");
        assertThat(cp.requests("PATCH", APP)).hasSize(2);
    }

    @Test
    void scaleWithoutFlagsShowsTheScale() {
        cp.on("GET", APP, 200, app("hello", 7, 1, "256M", "STARTED", "{}"));
        assertThat(paas.run("scale", "hello").out()).isEqualTo("hello: 1 instance of 256M\n");
        assertThat(cp.writes()).isEmpty();
    }

    static String worker(int version, int instances, String memory, String instanceList) {
        return """
                {"type":"worker","command":"./shop --work","instances":%d,"memory":"%s","disk":"1G",
                 "healthCheck":{"type":"PROCESS","endpoint":null,"timeout":60},"instanceList":%s,"version":%d}
                """.formatted(instances, memory, instanceList, version);
    }

    @Test
    void appShowsEachProcessTypeWithItsOwnInstancesAsCfDoes() {
        cp.on("GET", APP, 200, app("hello", 3, 1, "64M", "STARTED", "{}"));
        cp.on("GET", APP + "/instances", 200, "[" + instance(0, "RUNNING", "node-1", 0, null, null, 4L) + "]");
        cp.on("GET", "/v1/spaces/default/routes", 200, page(route(1, "hello.localhost", "", "hello")));
        cp.on("GET", APP + "/processes", 200, "[{\"type\":\"web\",\"instances\":1,\"memory\":\"64M\",\"disk\":\"1G\","
                + "\"instanceList\":[],\"version\":3}," + worker(2, 2, "128M", "[" + instance(0, "RUNNING", "node-1", 0, null, null, 4L)
                + "," + instance(1, "STARTING", "node-1", 0, null, null, 4L) + "]") + "]");
        Harness.Result r = paas.run("app", "hello");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("""

                type:      worker
                instances: 1 of 2 running
                memory:    128M
                disk:      1G
                command:   ./shop --work
                health:    process, 60s timeout
                routes:    (none: only web is routed)

                index  state     since   node    endpoint  crashes  last exit
                0      running   1m ago  node-1  -         0        -
                1      starting  1m ago  node-1  -         0        -
                """);
        var tree = Json.tree(paas.run("app", "hello", "--json").out());
        assertThat(tree.get("processes").get(1).get("type").asText()).isEqualTo("worker");
    }

    @Test
    void scaleAProcessTypeReadsItThenPutsTheChange() {
        cp.on("GET", APP + "/processes/worker", 200, worker(4, 1, "256M", "[]"));
        cp.on("PUT", APP + "/processes/worker", 200, worker(5, 2, "128M", "[]"));
        Harness.Result r = paas.run("scale", "hello", "--process", "worker", "-i", "2", "-m", "128M");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("scaled hello process worker: 2 instances of 128M, disk 1G\n");
        assertThat(cp.requests("PUT", APP + "/processes/worker").get(0).body())
                .isEqualTo("{\"version\":4,\"instances\":2,\"memory\":\"128M\"}");
        assertThat(cp.requests("PATCH", APP)).isEmpty();
    }

    @Test
    void scaleAnUnknownProcessTypeChangesNothing() {
        cp.error("GET", APP + "/processes/clock", 404, "NOT_FOUND", "process type 'clock' of app 'hello' not found; it has web, worker");
        Harness.Result r = paas.run("scale", "hello", "--process", "clock", "-i", "2");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("paas: process type 'clock' of app 'hello' not found; it has web, worker\n");
        assertThat(cp.writes()).isEmpty();

        Harness.Result bad = paas.run("scale", "hello", "--process", "Web Worker", "-i", "2");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).startsWith("paas: --process: 'Web Worker' is not a process type;");
        assertThat(cp.writes()).isEmpty();
    }

    @Test
    void scaleWebTakesADiskQuota() {
        cp.on("GET", APP, 200, app("hello", 7));
        cp.on("PATCH", APP, 200, app("hello", 8, 1, "256M", "STARTED", "{}"));
        Harness.Result r = paas.run("scale", "hello", "--process", "web", "-k", "2G");
        assertThat(r.code()).isZero();
        assertThat(cp.requests("PATCH", APP).get(0).body()).isEqualTo("{\"version\":7,\"disk\":\"2G\"}");
    }

    @Test
    void startAndStop() {
        cp.on("POST", APP + "/start", 200, app("hello", 2, 2, "256M", "STARTED", "{}"));
        cp.on("POST", APP + "/stop", 200, app("hello", 3, 2, "256M", "STOPPED", "{}"));
        assertThat(paas.run("start", "hello").out()).isEqualTo("started hello (started, 2 instances)\n");
        assertThat(paas.run("stop", "hello").out()).isEqualTo("stopped hello (stopped, 2 instances)\n");
        assertThat(cp.writes()).extracting(StubServer.Request::path).containsExactly(APP + "/start", APP + "/stop");
    }

    @Test
    void restartMakesARevisionWithoutStagingThenWaitsForItsInstances() {
        cp.on("POST", APP + "/restart", 200, "{\"number\":5,\"imageDigest\":\"abcdef0123456789\",\"current\":true,\"env\":[\"GREETING\"]}");
        cp.on("GET", APP, 200, app("hello", 4, 2, "256M", "STARTED", "{}"));
        cp.on("GET", APP + "/instances", 200, "[" + instance(0, "RUNNING", "n1", 0, null, null, 4L) + ","
                        + instance(0, "STARTING", "n1", 0, null, null, 5L) + "]")
                .on("GET", APP + "/instances", 200, "[" + instance(0, "RUNNING", "n1", 0, null, null, 5L) + ","
                        + instance(1, "RUNNING", "n1", 0, null, null, 5L) + "]");
        Harness.Result r = paas.run("restart", "hello");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("restarted hello (revision 5, 2 instances)\n");
        assertThat(r.err()).contains("restarting hello: revision 5 (image abcdef012345)").contains("2 of 2 running")
                .doesNotContain("STG").doesNotContain("staging");
        assertThat(cp.writes()).extracting(StubServer.Request::path).containsExactly(APP + "/restart");
    }

    @Test
    void restageStagesAgainThenWaitsForTheNewRevisionsInstances() {
        cp.on("POST", APP + "/restage", 201, "{\"id\":9,\"state\":\"STAGING\"}");
        cp.onText("GET", APP + "/builds/9/log", 200, "-----> Image sha256:abc (already stored)\n").onText("GET", APP + "/builds/9/log", 200, "");
        cp.on("GET", APP + "/builds/9", 200, "{\"id\":9,\"state\":\"STAGED\",\"revision\":5,\"imageDigest\":\"abc\"}");
        cp.on("GET", APP, 200, app("hello", 4, 2, "256M", "STARTED", "{}"));
        cp.on("GET", APP + "/instances", 200, "[" + instance(0, "RUNNING", "n1", 0, null, null, 4L) + ","
                        + instance(0, "STARTING", "n1", 0, null, null, 5L) + "]")
                .on("GET", APP + "/instances", 200, "[" + instance(0, "RUNNING", "n1", 0, null, null, 5L) + ","
                        + instance(1, "RUNNING", "n1", 0, null, null, 5L) + "]");
        Harness.Result r = paas.run("restage", "hello");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("-----> Image sha256:abc (already stored)\nrestaged hello (revision 5, 2 instances)\n");
        assertThat(r.err()).contains("restaging hello: staging its current package").contains("0 of 2 running")
                .contains("2 of 2 running");
        assertThat(cp.writes()).extracting(StubServer.Request::path).containsExactly(APP + "/restage");
    }

    @Test
    void restartOfAnAppNeverStagedSaysToPushFirst() {
        cp.error("POST", APP + "/restart", 409, "CONFLICT", "app 'hello' has never been staged; push it first (paas push)");
        Harness.Result r = paas.run("restart", "hello");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).endsWith("paas: app 'hello' has never been staged; push it first (paas push)\n");
    }

    @Test
    void aDatabaseOutageIsOneLineSayingToRetry() {
        cp.error("GET", "/v1/spaces/default/apps", 503, "DATABASE_UNAVAILABLE",
                "the control plane cannot reach its database (PostgreSQL); retry in 5 s.\\nIf it lasts, check the database");
        Harness.Result r = paas.run("apps");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("paas: the control plane cannot reach its database (PostgreSQL); retry in 5 s. If it lasts, check the database\n");
    }

    @Test
    void deleteAsksFirst() {
        cp.on("DELETE", APP, 204, "");
        cp.on("GET", "/v1/spaces/default/routes", 200, "{\"items\":[],\"page\":1,\"perPage\":200,\"total\":0}");
        paas.stdin = "n\n";
        Harness.Result no = paas.run("delete", "hello");
        assertThat(no.code()).isEqualTo(1);
        assertThat(no.err()).isEqualTo("Really delete the app hello and its routes in space default? [y/N] "
                + "paas: not deleted (answer y, or pass -f)\n");
        assertThat(cp.writes()).isEmpty();

        paas.stdin = "";
        assertThat(paas.run("delete", "hello").code()).isEqualTo(1);
        assertThat(cp.writes()).isEmpty();

        paas.stdin = "y\n";
        Harness.Result yes = paas.run("delete", "hello");
        assertThat(yes.code()).isZero();
        assertThat(yes.out()).isEqualTo("deleted app hello\n");
        assertThat(cp.requests("DELETE", APP)).hasSize(1);
    }

    @Test
    void deleteWithForceDoesNotAskAndTakesTheRoutes() {
        cp.on("GET", "/v1/spaces/default/routes", 200, "{\"items\":[{\"id\":7,\"host\":\"hello.localhost\",\"path\":\"\","
                + "\"space\":\"default\",\"app\":\"hello\"},{\"id\":8,\"host\":\"other.localhost\",\"path\":\"\","
                + "\"space\":\"default\",\"app\":\"other\"}],\"page\":1,\"perPage\":200,\"total\":2}");
        cp.on("DELETE", APP, 204, "");
        cp.on("DELETE", "/v1/spaces/default/routes/7", 204, "");
        Harness.Result r = paas.run("delete", "hello", "-f");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("deleted app hello and 1 route\n");
        assertThat(cp.requests("DELETE", APP)).hasSize(1);
        assertThat(cp.requests("DELETE", "/v1/spaces/default/routes/7")).hasSize(1);
        assertThat(cp.requests("DELETE", "/v1/spaces/default/routes/8")).isEmpty();
    }

    @Test
    void envShowsWhatRunsAndNamesWhatARestartWouldApply() {
        cp.on("GET", APP + "/env", 200, "{\"running\":{\"A\":\"1\",\"GONE\":\"x\"},\"revision\":3,"
                + "\"env\":{\"A\":\"2\",\"NEW\":\"y\"}}");
        Harness.Result r = paas.run("env", "hello");
        assertThat(r.out()).isEqualTo("A=1\nGONE=x\n");
        assertThat(r.err()).contains("not applied yet (revision 3 runs; 'paas restart hello' applies them): "
                + "A (changed), NEW (set), GONE (unset)");
    }

    @Test
    void envShowsTheVcapServicesThatRunAsCfEnvDoes() {
        cp.on("GET", APP + "/env", 200, "{\"running\":{\"A\":\"1\"},\"revision\":3,\"env\":{\"A\":\"1\"},"
                + "\"system\":{\"MEMORY_LIMIT\":\"256m\",\"VCAP_SERVICES\":\"{\\\"postgresql\\\":[{\\\"name\\\":\\\"db\\\","
                + "\\\"credentials\\\":{\\\"password\\\":\\\"s3cret\\\"}}]}\"}}");
        Harness.Result r = paas.run("env", "hello");
        assertThat(r.out()).isEqualTo("""
                System-Provided:
                VCAP_SERVICES: {
                  "postgresql" : [ {
                    "name" : "db",
                    "credentials" : {
                      "password" : "s3cret"
                    }
                  } ]
                }

                User-Provided:
                A=1
                """);
    }

    @Test
    void envOfAnAppNeverStagedShowsWhatItsFirstInstancesWillGet() {
        cp.on("GET", APP + "/env", 200, "{\"running\":{},\"revision\":null,\"env\":{\"A\":\"1\"}}");
        Harness.Result r = paas.run("env", "hello");
        assertThat(r.out()).isEqualTo("A=1\n");
        assertThat(r.err()).doesNotContain("not applied");
    }

    @Test
    void envSetEnvUnsetEnv() {
        cp.on("GET", APP, 200, app("hello", 4, 1, "256M", "STARTED", "{\"B\":\"2\",\"A\":\"1\"}"));
        cp.on("GET", APP + "/env", 200, "{\"running\":{\"B\":\"2\",\"A\":\"1\"},\"revision\":3,\"env\":{\"B\":\"2\",\"A\":\"1\"}}");
        Harness.Result shown = paas.run("env", "hello");
        assertThat(shown.out()).isEqualTo("A=1\nB=2\n");
        assertThat(shown.err()).doesNotContain("not applied");
        assertThat(Json.tree(paas.run("env", "hello", "--json").out()).get("B").asText()).isEqualTo("2");

        cp.on("PATCH", APP, 200, app("hello", 5));
        Harness.Result set = paas.run("set-env", "hello", "GREETING", "hello world");
        assertThat(set.code()).isZero();
        assertThat(set.out()).startsWith("set GREETING for hello");
        assertThat(cp.requests("PATCH", APP).get(0).body())
                .isEqualTo("{\"version\":4,\"env\":{\"A\":\"1\",\"B\":\"2\",\"GREETING\":\"hello world\"}}");

        Harness.Result unset = paas.run("unset-env", "hello", "A");
        assertThat(unset.out()).startsWith("removed A from hello");
        assertThat(cp.requests("PATCH", APP).get(1).body()).isEqualTo("{\"version\":4,\"env\":{\"B\":\"2\"}}");

        Harness.Result absent = paas.run("unset-env", "hello", "NOPE");
        assertThat(absent.code()).isZero();
        assertThat(absent.out()).isEqualTo("NOPE was not set for hello\n");
        assertThat(cp.requests("PATCH", APP)).hasSize(2);
    }

    @Test
    void setEnvRefusesReservedNamesBeforeSending() {
        Harness.Result r = paas.run("set-env", "hello", "PORT", "80");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("paas: KEY: 'PORT' is set by the platform; PORT, PAAS_* and VCAP_* are reserved\n");
        assertThat(cp.requests()).isEmpty();
    }

    @Test
    void mapRouteCreatesAMissingRoute() {
        cp.on("GET", "/v1/spaces/default/routes", 200, page());
        cp.on("POST", "/v1/spaces/default/routes", 201, route(9, "shop.localhost", "/api", "hello"));
        Harness.Result r = paas.run("map-route", "hello", "Shop.localhost", "--path", "/api");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("mapped shop.localhost/api to hello\n");
        assertThat(cp.requests("POST", "/v1/spaces/default/routes").get(0).body())
                .isEqualTo("{\"host\":\"shop.localhost\",\"path\":\"/api\",\"app\":\"hello\"}");
    }

    @Test
    void mapRouteMapsAnExistingRoute() {
        cp.on("GET", "/v1/spaces/default/routes", 200, page(route(5, "hello.localhost", "", null)));
        cp.on("PUT", "/v1/spaces/default/routes/5/app", 200, route(5, "hello.localhost", "", "hello"));
        Harness.Result r = paas.run("map-route", "hello", "hello.localhost");
        assertThat(r.code()).isZero();
        assertThat(cp.requests("PUT", "/v1/spaces/default/routes/5/app").get(0).body()).isEqualTo("{\"app\":\"hello\"}");
        assertThat(cp.requests("POST", "/v1/spaces/default/routes")).isEmpty();
    }

    @Test
    void mapRouteTakenByAnotherSpaceIsTheApisMessage() {
        cp.on("GET", "/v1/spaces/default/routes", 200, page());
        cp.error("POST", "/v1/spaces/default/routes", 409, "ALREADY_EXISTS", "route shop.localhost is taken");
        Harness.Result r = paas.run("map-route", "hello", "shop.localhost");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("paas: route shop.localhost is taken\n");
    }

    @Test
    void mapRouteChecksTheHostLocally() {
        Harness.Result r = paas.run("map-route", "hello", "nodomain");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("paas: route: 'nodomain' needs a domain, e.g. nodomain.localhost\n");
        assertThat(cp.requests()).isEmpty();
    }

    @Test
    void unmapRoute() {
        cp.on("GET", "/v1/spaces/default/routes", 200, page(route(5, "hello.localhost", "", "hello"),
                route(6, "x.localhost", "", "other")));
        cp.on("DELETE", "/v1/spaces/default/routes/5/app", 200, route(5, "hello.localhost", "", null));
        assertThat(paas.run("unmap-route", "hello", "hello.localhost").out())
                .isEqualTo("unmapped hello.localhost from hello\n");
        Harness.Result other = paas.run("unmap-route", "hello", "x.localhost");
        assertThat(other.code()).isEqualTo(1);
        assertThat(other.err()).isEqualTo("paas: route x.localhost is not mapped to hello (it leads to other)\n");
        Harness.Result missing = paas.run("unmap-route", "hello", "y.localhost");
        assertThat(missing.err()).isEqualTo("paas: no route y.localhost in space default ('paas routes' lists them)\n");
    }

    @Test
    void routesTable() {
        cp.on("GET", "/v1/spaces/default/routes", 200, page(route(5, "hello.localhost", "", "hello"),
                route(6, "shop.localhost", "/api", null)));
        assertThat(paas.run("routes").out()).isEqualTo("""
                host             path  app         url
                hello.localhost        hello       http://hello.localhost:8080/
                shop.localhost   /api  (unmapped)  http://shop.localhost:8080/api
                """);
    }

    @Test
    void noSpaceTargeted() {
        paas.store().save(paas.store().load().withSpace(null));
        Harness.Result r = paas.run("apps");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("paas: no space targeted: run 'paas target -s SPACE' ('paas spaces' lists them)\n");
    }
}
