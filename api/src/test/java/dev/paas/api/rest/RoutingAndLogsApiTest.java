package dev.paas.api.rest;

import static dev.paas.api.rest.Api.admin;
import static dev.paas.api.rest.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.paas.api.scheduling.SchedulerRound;
import dev.paas.api.service.LogHub;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RoutingAndLogsApiTest extends ApiTestBase {

    static final String KEY = "test-router-key";

    @Inject
    SchedulerRound round;

    @Inject
    LogHub hub;

    @TestHTTPResource("/")
    URI base;

    /** The only running app: "web" with a route, staged, started and placed on a fresh node. */
    record Started(String space, String host, String node, String cred) {
    }

    private Started startWeb(int instances) {
        Agents.sql(dataSource, "update apps set state = 'STOPPED'");
        Agents.sql(dataSource, "update nodes set state = 'DOWN'");
        String space = Api.unique("sp");
        Api.space(space);
        Api.check(admin().body(Map.of("name", "web", "instances", instances)).post("/v1/spaces/" + space + "/apps"), 201);
        String host = Api.unique("web") + ".localhost";
        Api.route(space, host, "web");
        String node = Api.unique("node");
        String cred = Agents.join(Agents.joinToken(Api.unique("pool")), node);
        Agents.stage(dataSource, space, "web");
        Api.check(admin().post("/v1/spaces/" + space + "/apps/web/start"), 200);
        round.run(Duration.ofSeconds(15));
        return new Started(space, host, node, cred);
    }

    @Test
    void theTableListsRoutesWithTheEndpointsOfRunningHealthyInstances() {
        Started web = startWeb(2);
        String space = web.space(), host = web.host(), node = web.node(), cred = web.cred();

        Response before = as(KEY).get("/v1/routing/table");
        before.then().statusCode(200);
        assertThat(entry(before, host).get("endpoints")).isEqualTo(List.of());
        long version = before.jsonPath().getLong("version");

        CompletableFuture<Response> poll = CompletableFuture.supplyAsync(
                () -> as(KEY).get("/v1/routing/table?version=" + version + "&waitSeconds=20"));
        List<Map<String, Object>> desired = as(cred).get("/v1/agent/desired").jsonPath().getList("instances");
        List<Map<String, Object>> reports = desired.stream().map(d -> AgentApiTest.report(((Number) d.get("instanceId")).longValue(),
                "RUNNING", "10.0.0.9:2000" + d.get("index"), null)).toList();
        as(cred).body(AgentApiTest.heartbeat(reports)).put("/v1/agent/heartbeat").then().statusCode(200);
        Response after = poll.join();
        assertThat(after.jsonPath().getLong("version")).isNotEqualTo(version);
        assertThat(entry(after, host).get("endpoints")).isEqualTo(List.of("10.0.0.9:20000", "10.0.0.9:20001"));
        assertThat(entry(after, host).get("app")).isEqualTo(space + "/web");

        // The app's log stream tells the story: API change, placement, running.
        String logs = admin().get("/v1/spaces/" + space + "/apps/web/logs").then().statusCode(200).extract().asString();
        assertThat(logs).contains("[API] OUT app.start by admin").contains("[CELL/0] OUT placed on node " + node)
                .contains("[CELL/1] OUT running on node " + node + " at 10.0.0.9:20001, healthy");
    }

    @Test
    void anInstanceLeavesTheTableFirstAndStopsOnlyOnceEveryLiveRouterServesTheNewTable() {
        Started web = startWeb(1);
        String space = web.space(), host = web.host(), cred = web.cred();
        long id = ((Number) as(cred).get("/v1/agent/desired").jsonPath().getList("instances.instanceId").get(0)).longValue();
        as(cred).body(AgentApiTest.heartbeat(List.of(AgentApiTest.report(id, "RUNNING", "10.0.0.9:21000", null))))
                .put("/v1/agent/heartbeat").then().statusCode(200);
        try {
            long serving = table("r-live", 0).jsonPath().getLong("version");
            table("r-live", serving);       // r-live serves the table with the instance
            table("r-gone", serving);       // and so did r-gone, whose long-poll has long lapsed
            Agents.sql(dataSource, "update routers set seen_at = now() - interval '5 minutes' where id = 'r-gone'");

            Api.check(admin().post("/v1/spaces/" + space + "/apps/web/stop"), 200);
            round.run(Duration.ofSeconds(15));
            Response unrouted = as(KEY).get("/v1/routing/table");
            assertThat(entry(unrouted, host).get("endpoints")).as("out of the table at once").isEqualTo(List.of());
            assertThat(desiredIds(cred)).as("still running while r-live may send it requests").contains(id);
            // Its agent knows nothing of draining and still reports it RUNNING: it stays DRAINING.
            as(cred).body(AgentApiTest.heartbeat(List.of(AgentApiTest.report(id, "RUNNING", "10.0.0.9:21000", null))))
                    .put("/v1/agent/heartbeat").then().statusCode(200);
            assertThat(entry(as(KEY).get("/v1/routing/table"), host).get("endpoints")).as("still out of the table").isEqualTo(List.of());
            admin().get("/v1/spaces/" + space + "/apps/web/instances").then().statusCode(200).body("[0].state", equalTo("DRAINING"));
            round.run(Duration.ofSeconds(15));
            assertThat(desiredIds(cred)).as("r-live has not asked again").contains(id);

            table("r-live", unrouted.jsonPath().getLong("version"));
            round.run(Duration.ofSeconds(15));
            assertThat(desiredIds(cred)).as("every live router serves the table without it").doesNotContain(id);
        } finally {
            Agents.sql(dataSource, "delete from routers");
        }
    }

    @Test
    void aRouterNameThatIsNotOnePrintableWordIsRefused() {
        for (String bad : List.of("edge router", "x".repeat(161), "r\u00e9")) {
            Response r = refused(400, "INVALID_FIELD", RoutingResource.ROUTER_HEADER, () -> as(KEY).header(RoutingResource.ROUTER_HEADER, bad)
                    .get("/v1/routing/table"));
            assertThat(r.jsonPath().getString("message")).contains("X-Paas-Router").contains("printable ASCII");
        }
    }

    private static Response table(String router, long version) {
        Response r = as(KEY).header(RoutingResource.ROUTER_HEADER, router).get("/v1/routing/table?version=" + version);
        r.then().statusCode(200);
        return r;
    }

    private static List<Long> desiredIds(String cred) {
        return as(cred).get("/v1/agent/desired").jsonPath().<Number>getList("instances.instanceId").stream()
                .map(Number::longValue).toList();
    }

    @Test
    void routersNeedTheKeyAndSendAccessLogsIntoTheAppsStream() {
        refused(401, "UNAUTHENTICATED", () -> as(null).get("/v1/routing/table"));
        refused(401, "UNAUTHENTICATED", () -> as("wrong-key").get("/v1/routing/table"));
        String adminToken = Api.adminToken();
        refused(401, "UNAUTHENTICATED", () -> as(adminToken).get("/v1/routing/table"));
        refused(400, "INVALID_FIELD", "waitSeconds", () -> as(KEY).get("/v1/routing/table?waitSeconds=600"));

        String space = Api.unique("sp");
        Api.space(space);
        Api.app(space, "web");
        long appId = Agents.appId(dataSource, space, "web");
        as(KEY).body(Map.of("router", "r1", "lines", List.of(Map.of("appId", appId, "at", Instant.now().toString(),
                "text", "GET / 200 12 bytes 3 ms")))).post("/v1/routing/access-logs").then().statusCode(204);
        admin().get("/v1/spaces/" + space + "/apps/web/logs").then().body(containsString("[RTR] OUT GET / 200 12 bytes 3 ms"));
        refused(400, "INVALID_FIELD", "lines", () -> as(KEY).body(Map.of("router", "r1")).post("/v1/routing/access-logs"));
        refused(400, "INVALID_FIELD", "lines[0]", () -> as(KEY).body(Map.of("router", "r1", "lines", List.of(Map.of("appId", appId))))
                .post("/v1/routing/access-logs"));
    }

    @Test
    void logsFollowLiveAndStayPrivate() throws Exception {
        String user = Api.unique("dev");
        String token = Api.developer(user);
        String space = Api.unique("sp");
        Api.space(space, user);
        Api.app(space, "web");
        String other = Api.developer(Api.unique("dev"));
        refused(404, "NOT_FOUND", () -> as(other).get("/v1/spaces/" + space + "/apps/web/logs"));
        refused(401, "UNAUTHENTICATED", () -> as(null).get("/v1/spaces/" + space + "/apps/web/logs/stream"));

        HttpClient http = HttpClient.newHttpClient();
        int subscribed = hub.subscriberCount();
        HttpRequest req = HttpRequest.newBuilder(base.resolve("/v1/spaces/" + space + "/apps/web/logs/stream"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build();
        HttpResponse<java.io.InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(resp.statusCode()).isEqualTo(200);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (line.startsWith("data:")) {
                        return line;
                    }
                }
                return null;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Waits.until("the stream to subscribe", () -> hub.subscriberCount() > subscribed, Duration.ofSeconds(10));
        as(token).post("/v1/spaces/" + space + "/apps/web/start").then().statusCode(200);
        String data = first.get(10, TimeUnit.SECONDS);
        assertThat(data).contains("\"source\":\"API\"").contains("app.start by " + user);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> entry(Response table, String host) {
        return table.jsonPath().<Map<String, Object>>getList("routes").stream().filter(r -> host.equals(r.get("host"))).findFirst()
                .orElseThrow(() -> new AssertionError("no route for " + host));
    }
}
