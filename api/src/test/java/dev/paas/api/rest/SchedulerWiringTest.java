package dev.paas.api.rest;

import static dev.paas.api.rest.Api.admin;
import static dev.paas.api.rest.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.paas.api.scheduling.SchedulerRound;
import dev.paas.api.service.RoutingService;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's pure core wired to the real database: snapshot, plan, and what agents see.
 * Rounds are run by hand (the loop is off in tests) so each step is deterministic.
 */
@QuarkusTest
class SchedulerWiringTest extends ApiTestBase {

    static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(15);

    @Inject
    SchedulerRound round;

    @Inject
    RoutingService routing;

    String space;
    String nodeA;
    String nodeB;
    String credA;
    String credB;

    @BeforeEach
    void cluster() {
        // Other tests' apps and nodes are nobody's: stop them and take them out of placement.
        Agents.sql(dataSource, "update apps set state = 'STOPPED'");
        Agents.sql(dataSource, "update nodes set state = 'DOWN'");
        round.run(HEARTBEAT_TIMEOUT);
        round.run(HEARTBEAT_TIMEOUT);
        space = Api.unique("sp");
        Api.space(space);
        String token = Agents.joinToken(Api.unique("pool"));
        nodeA = "a-" + Api.unique("n");
        nodeB = "b-" + Api.unique("n");
        credA = Agents.join(token, nodeA);
        credB = Agents.join(token, nodeB);
    }

    void startApp(String app, int instances, String memory) {
        Api.check(admin().body(Map.of("name", app, "instances", instances, "memory", memory)).post("/v1/spaces/" + space + "/apps"), 201);
        Agents.stage(dataSource, space, app);
        Api.check(admin().post("/v1/spaces/" + space + "/apps/" + app + "/start"), 200);
    }

    JsonPath instances(String app) {
        return admin().get("/v1/spaces/" + space + "/apps/" + app + "/instances").then().statusCode(200).extract().jsonPath();
    }

    List<Map<String, Object>> desired(String credential) {
        return as(credential).get("/v1/agent/desired").then().statusCode(200).extract().jsonPath().getList("instances");
    }

    /** Reports every desired instance of the node as {@code state}. */
    void report(String credential, String state) {
        List<Map<String, Object>> reports = new ArrayList<>();
        for (Map<String, Object> d : desired(credential)) {
            long id = ((Number) d.get("instanceId")).longValue();
            reports.add(AgentApiTest.report(id, state, endpoint(id), null));
        }
        as(credential).body(AgentApiTest.heartbeat(reports)).put("/v1/agent/heartbeat").then().statusCode(200);
    }

    static String endpoint(long instanceId) {
        return "127.0.0.1:" + (20000 + instanceId % 40000);
    }

    @Test
    void placesSpreadsAndAgentsSeeTheirInstances() {
        startApp("web", 3, "256M");
        round.run(HEARTBEAT_TIMEOUT);
        JsonPath i = instances("web");
        assertThat(i.getList("index", Integer.class)).containsExactly(0, 1, 2);
        assertThat(i.getList("state", String.class)).containsOnly("CLAIMED");
        assertThat(i.getList("node", String.class)).containsOnly(nodeA, nodeB);
        assertThat(desired(credA).size() + desired(credB).size()).isEqualTo(3);

        report(credA, "RUNNING");
        report(credB, "RUNNING");
        round.run(HEARTBEAT_TIMEOUT);
        assertThat(instances("web").getList("state", String.class)).containsOnly("RUNNING");
    }

    /** The disk quota of every instance the two nodes are asked to run, by app. */
    Map<String, List<Integer>> desiredDisks() {
        Map<String, List<Integer>> out = new java.util.TreeMap<>();
        for (String cred : List.of(credA, credB)) {
            desired(cred).forEach(d -> out.computeIfAbsent((String) d.get("app"), k -> new ArrayList<>())
                    .add((Integer) d.get("diskMb")));
        }
        return out;
    }

    @Test
    void theDiskQuotaReachesTheAgentsAndAChangeRollsTheInstances() {
        Api.check(admin().body(Map.of("name", "disky", "disk", "64M")).post("/v1/spaces/" + space + "/apps"), 201);
        Agents.stage(dataSource, space, "disky");
        Api.check(admin().post("/v1/spaces/" + space + "/apps/disky/start"), 200);
        startApp("plain", 1, "256M");
        round.run(HEARTBEAT_TIMEOUT);
        assertThat(desiredDisks()).as("Cloud Foundry's 1G when the app sets none")
                .isEqualTo(Map.of("disky", List.of(64), "plain", List.of(1024)));

        report(credA, "RUNNING");
        report(credB, "RUNNING");
        round.run(HEARTBEAT_TIMEOUT);
        int version = admin().get("/v1/spaces/" + space + "/apps/disky").then().statusCode(200).extract().path("version");
        Api.check(admin().body(Map.of("version", version, "disk", "128M")).patch("/v1/spaces/" + space + "/apps/disky"), 200);
        round.run(HEARTBEAT_TIMEOUT);
        assertThat(desiredDisks().get("disky")).as("the new instance beside the old one, which serves until it runs")
                .containsExactlyInAnyOrder(64, 128);
    }

    @Test
    void scaleDownStopsTheHighestIndexesThroughTheAgents() {
        startApp("web", 3, "256M");
        round.run(HEARTBEAT_TIMEOUT);
        report(credA, "RUNNING");
        report(credB, "RUNNING");
        long version = ((Number) admin().get("/v1/spaces/" + space + "/apps/web").path("version")).longValue();
        admin().body(Map.of("version", version, "instances", 1)).patch("/v1/spaces/" + space + "/apps/web").then().statusCode(200);
        round.run(HEARTBEAT_TIMEOUT);
        // Indexes 1 and 2 are no longer desired by any node; 0 still is.
        List<Integer> wanted = new ArrayList<>();
        desired(credA).forEach(d -> wanted.add((Integer) d.get("index")));
        desired(credB).forEach(d -> wanted.add((Integer) d.get("index")));
        assertThat(wanted).containsExactly(0);
        // The agents stop them and say so; the rows go.
        List<Map<String, Object>> stopped = new ArrayList<>();
        for (Map<String, Object> row : instances("web").<Map<String, Object>>getList("$")) {
            if ((Integer) row.get("index") > 0) {
                stopped.add(row);
            }
        }
        assertThat(stopped).hasSize(2);
        Agents.sql(dataSource, "update instances set state = 'STOPPED' where desired = 'STOP'");
        round.run(HEARTBEAT_TIMEOUT);
        assertThat(instances("web").getList("index", Integer.class)).containsExactly(0);
    }

    /** Web with 2 instances (one per node) RUNNING behind a route; then nodeB goes silent for a minute. */
    String webWithNodeBSilent() {
        startApp("web", 2, "256M");
        String host = Api.unique("web") + ".localhost";
        Api.route(space, host, "web");
        round.run(HEARTBEAT_TIMEOUT);
        report(credA, "RUNNING");
        report(credB, "RUNNING");
        Agents.sql(dataSource, "update nodes set last_heartbeat_at = now() - interval '1 minute' where name = ?", nodeB);
        return host;
    }

    List<String> endpoints(String host) {
        return routing.table().routes().stream().filter(r -> r.host().equals(host)).findFirst().orElseThrow().endpoints();
    }

    List<Long> desiredIds(String credential) {
        return desired(credential).stream().map(d -> ((Number) d.get("instanceId")).longValue()).toList();
    }

    @Test
    void aLeaderJustElectedJudgesNoNodeBeforeItsGracePeriod() {
        webWithNodeBSilent();
        List<Long> onB = desiredIds(credB);

        // Elected now: nodeB's minute of silence was not heard by this leader; it gets 15 s.
        round.run(HEARTBEAT_TIMEOUT, Instant.now());
        admin().get("/v1/nodes/" + nodeB).then().body("state", equalTo("READY"));
        assertThat(instances("web").getList("state", String.class)).containsExactly("RUNNING", "RUNNING");

        // Elected 16 s ago and still nothing from nodeB: now it is DOWN.
        round.run(HEARTBEAT_TIMEOUT, Instant.now().minusSeconds(16));
        admin().get("/v1/nodes/" + nodeB).then().body("state", equalTo("DOWN"));
        assertThat(desiredIds(credB)).isEqualTo(onB);
    }

    @Test
    void aDownNodesInstancesStayRoutedAsSuspectsUntilTheirReplacementsRun() {
        String host = webWithNodeBSilent();
        List<String> routed = endpoints(host);
        long suspect = desiredIds(credB).get(0);
        round.run(HEARTBEAT_TIMEOUT);
        admin().get("/v1/nodes/" + nodeB).then().body("state", equalTo("DOWN"));
        admin().get("/v1/events").then().body("items.action", org.hamcrest.Matchers.hasItem("node.down"));

        // Replaced on nodeA, while the suspect keeps its route and its place in nodeB's desired list.
        JsonPath i = instances("web");
        assertThat(i.getList("node", String.class)).containsExactlyInAnyOrder(nodeA, nodeA, nodeB);
        assertThat(i.getList("findAll { it.suspect }.node", String.class)).containsExactly(nodeB);
        assertThat(i.getList("findAll { it.node == '" + nodeA + "' }.state", String.class))
                .containsExactlyInAnyOrder("RUNNING", "CLAIMED");
        assertThat(endpoints(host)).isEqualTo(routed);
        assertThat(desiredIds(credB)).containsExactly(suspect);

        // The replacement runs: the suspect is released (nodeB's agent stops it if it comes back).
        report(credA, "RUNNING");
        round.run(HEARTBEAT_TIMEOUT);
        i = instances("web");
        assertThat(i.getList("node", String.class)).containsOnly(nodeA);
        assertThat(i.getList("index", Integer.class)).containsExactlyInAnyOrder(0, 1);
        assertThat(i.getList("suspect", Boolean.class)).containsOnly(false);
        assertThat(desiredIds(credB)).isEmpty();
        assertThat(endpoints(host)).hasSize(2).doesNotContain(endpoint(suspect));
    }

    @Test
    void aNodeBackBeforeTheReplacementRunsKeepsItsInstanceAndTheReplacementGoes() {
        String host = webWithNodeBSilent();
        long original = desiredIds(credB).get(0);
        round.run(HEARTBEAT_TIMEOUT);
        List<Long> onA = desiredIds(credA);
        assertThat(onA).hasSize(2);

        // nodeB's agent is back and reports its VM alive; the replacement on nodeA is not healthy yet.
        report(credB, "RUNNING");
        admin().get("/v1/nodes/" + nodeB).then().body("state", equalTo("READY"));
        round.run(HEARTBEAT_TIMEOUT);

        assertThat(desiredIds(credB)).containsExactly(original);
        assertThat(desiredIds(credA)).hasSize(1);
        JsonPath i = instances("web");
        assertThat(i.getList("findAll { it.state == 'RUNNING' }.index", Integer.class)).containsExactlyInAnyOrder(0, 1);
        assertThat(i.getList("suspect", Boolean.class)).containsOnly(false);
        assertThat(endpoints(host)).contains(endpoint(original)).hasSize(2);
    }

    @Test
    void aNodeBackWithBothHealthyKeepsOnePerIndex() {
        String host = webWithNodeBSilent();
        round.run(HEARTBEAT_TIMEOUT);
        // nodeB comes back in the same moment its instance's replacement turns healthy.
        report(credB, "RUNNING");
        report(credA, "RUNNING");
        round.run(HEARTBEAT_TIMEOUT);
        round.run(HEARTBEAT_TIMEOUT);

        assertThat(endpoints(host)).hasSize(2);
        List<Long> wanted = new ArrayList<>(desiredIds(credA));
        wanted.addAll(desiredIds(credB));
        assertThat(wanted).hasSize(2);
    }

    @Test
    void noCapacityIsAPendingStateWithCountedReasons() {
        startApp("big", 1, "8G");
        round.run(HEARTBEAT_TIMEOUT);
        JsonPath i = instances("big");
        assertThat(i.getString("[0].state")).isEqualTo("UNCLAIMED");
        // Other tests' nodes (DOWN here) are counted too: "pending: 27 nodes down, 2 insufficient memory".
        assertThat(i.getString("[0].placementError")).startsWith("pending: ").containsPattern("\\b2 (nodes )?insufficient memory");
    }

    @Test
    void aCrashedInstanceIsRestartedWithItsCrashCount() {
        startApp("web", 1, "256M");
        round.run(HEARTBEAT_TIMEOUT);
        String cred = desired(credA).isEmpty() ? credB : credA;
        long crashed = desiredIds(cred).get(0);
        report(cred, "RUNNING");
        report(cred, "CRASHED");
        round.run(HEARTBEAT_TIMEOUT);
        JsonPath i = instances("web");
        assertThat(i.getString("[0].state")).isEqualTo("CLAIMED");
        assertThat(i.getInt("[0].crashCount")).isEqualTo(1);

        // The restart is a new row (no CRASHED -> UNCLAIMED): a late report of the crashed VM names
        // a row that is gone, so it cannot turn the new run back into CRASHED.
        String onNode = desired(credA).isEmpty() ? credB : credA;
        assertThat(desiredIds(onNode)).singleElement().isNotEqualTo(crashed);
        as(cred).body(AgentApiTest.heartbeat(List.of(AgentApiTest.report(crashed, "CRASHED", null, "exit status 1"))))
                .put("/v1/agent/heartbeat").then().statusCode(200);
        i = instances("web");
        assertThat(i.getList("state", String.class)).containsExactly("CLAIMED");
        assertThat(i.getInt("[0].crashCount")).isEqualTo(1);
    }

    @Test
    void cordonedNodesGetNothingNew() {
        admin().post("/v1/nodes/" + nodeA + "/cordon").then().statusCode(200);
        startApp("web", 2, "256M");
        round.run(HEARTBEAT_TIMEOUT);
        assertThat(instances("web").getList("node", String.class)).containsOnly(nodeB);
    }
}
