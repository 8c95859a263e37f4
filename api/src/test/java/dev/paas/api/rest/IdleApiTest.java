package dev.paas.api.rest;

import static dev.paas.api.rest.Api.admin;
import static dev.paas.api.rest.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.api.scheduling.SchedulerRound;
import dev.paas.api.service.IdleApps;
import dev.paas.api.service.LogHub;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scale to zero: the idle timeout, the leader's idle round, the route table's idle entries and the routers' wake. */
@QuarkusTest
class IdleApiTest extends ApiTestBase {

    static final String KEY = RoutingAndLogsApiTest.KEY;

    @Inject
    SchedulerRound round;

    @Inject
    IdleApps idle;

    @Inject
    LogHub hub;

    /** A started, staged "web" app with a route and one RUNNING instance on a fresh node. */
    private Web running() {
        return running(1);
    }

    /** A started, staged "web" app with a route and {@code instances} RUNNING instances on a fresh node. */
    record Web(String space, String host, long appId, String cred) {
        String path() {
            return "/v1/spaces/" + space + "/apps/web";
        }
    }

    private Web running(int instances) {
        Agents.sql(dataSource, "update apps set state = 'STOPPED'");
        Agents.sql(dataSource, "update nodes set state = 'DOWN'");
        String space = Api.unique("sp");
        Api.space(space);
        Api.check(admin().body(Map.of("name", "web", "instances", instances)).post("/v1/spaces/" + space + "/apps"), 201);
        String host = Api.unique("web") + ".localhost";
        Api.route(space, host, "web");
        String cred = Agents.join(Agents.joinToken(Api.unique("pool")), Api.unique("node"));
        Agents.stage(dataSource, space, "web");
        Api.check(admin().post("/v1/spaces/" + space + "/apps/web/start"), 200);
        round.run(Duration.ofSeconds(15));
        heartbeatRunning(cred);
        return new Web(space, host, Agents.appId(dataSource, space, "web"), cred);
    }

    private static void heartbeatRunning(String cred) {
        List<Map<String, Object>> desired = as(cred).get("/v1/agent/desired").jsonPath().getList("instances");
        List<Map<String, Object>> reports = desired.stream().map(d -> AgentApiTest.report(((Number) d.get("instanceId")).longValue(),
                "RUNNING", "10.0.0.9:2000" + d.get("index"), null)).toList();
        as(cred).body(AgentApiTest.heartbeat(reports)).put("/v1/agent/heartbeat").then().statusCode(200);
    }

    private void setTimeout(Web web, int seconds) {
        long version = admin().get(web.path()).jsonPath().getLong("version");
        Api.check(admin().body(Map.of("version", version, "idleTimeoutSeconds", seconds)).patch(web.path()), 200);
    }

    /**
     * As if the last activity was {@code secondsAgo} seconds ago (the clock is the database's): no
     * change, no request, and no instance came up since.
     */
    private void quietFor(Web web, int secondsAgo) {
        Agents.sql(dataSource, "update apps set updated_at = now() - make_interval(secs => ?), last_request_at = null where id = ?",
                secondsAgo, web.appId());
        Agents.sql(dataSource, "update instances set state_since = least(state_since, now() - make_interval(secs => ?)) where app_id = ?",
                secondsAgo, web.appId());
    }

    private Map<String, Object> entry(Web web) {
        return RoutingAndLogsApiTest.entry(as(KEY).get("/v1/routing/table"), web.host());
    }

    @Test
    void theIdleTimeoutIsPartOfTheAppAndRefusedOutOfRangeNamingTheField() {
        Web web = running();
        assertThat(admin().get(web.path()).jsonPath().getInt("idleTimeoutSeconds")).isZero();
        setTimeout(web, 20);
        Response view = admin().get(web.path());
        assertThat(view.jsonPath().getInt("idleTimeoutSeconds")).isEqualTo(20);
        assertThat(view.jsonPath().getBoolean("idle")).isFalse();
        long version = view.jsonPath().getLong("version");
        for (Object bad : List.of(-1, 86_401, Integer.MAX_VALUE)) {
            refused(400, "INVALID_FIELD", "idleTimeoutSeconds",
                    () -> admin().body(Map.of("version", version, "idleTimeoutSeconds", bad)).patch(web.path()));
        }
        refused(400, "MALFORMED_REQUEST", "idleTimeoutSeconds", () -> admin().contentType("application/json")
                .body("{\"version\": " + version + ", \"idleTimeoutSeconds\": \"20s\"}").patch(web.path()));
        Response events = admin().get("/v1/spaces/" + web.space() + "/events?app=web");
        assertThat(events.asString()).contains("idleTimeoutSeconds");
    }

    @Test
    void aQuietAppGoesIdleItsInstancesStopAndAWakeStartsThemAgain() {
        Web web = running();
        setTimeout(web, 20);
        assertThat(entry(web).get("endpoints")).isEqualTo(List.of("10.0.0.9:20000"));

        quietFor(web, 19);
        assertThat(idle.idleRound()).extracting(IdleApps.WentIdle::appId).doesNotContain(web.appId());
        quietFor(web, 21);
        List<IdleApps.WentIdle> went = idle.idleRound();
        assertThat(went).extracting(IdleApps.WentIdle::appId).contains(web.appId());
        idle.logIdle(went);

        Response view = admin().get(web.path());
        assertThat(view.jsonPath().getBoolean("idle")).isTrue();
        assertThat(view.jsonPath().getInt("instances")).as("the configured count stays").isEqualTo(1);
        assertThat(entry(web)).containsEntry("idle", true).containsEntry("endpoints", List.of());
        assertThat(hub.recent(web.appId()).stream().map(l -> l.text()))
                .contains("idle for 20 s: instances stopped; the next request starts one");
        assertThat(admin().get("/v1/spaces/" + web.space() + "/events?app=web").asString()).contains("app.idle");
        round.run(Duration.ofSeconds(15));
        assertThat(as(web.cred()).get("/v1/agent/desired").jsonPath().getList("instances")).as("its node stops it").isEmpty();
        assertThat(idle.idleRound()).as("idle once").extracting(IdleApps.WentIdle::appId).doesNotContain(web.appId());

        as(KEY).body(Map.of("appId", web.appId())).post("/v1/routing/wake").then().statusCode(204);
        assertThat(admin().get(web.path()).jsonPath().getBoolean("idle")).isFalse();
        assertThat(entry(web)).containsEntry("idle", false);
        assertThat(admin().get("/v1/spaces/" + web.space() + "/events?app=web").asString()).contains("app.wake");
        round.run(Duration.ofSeconds(15));
        assertThat(as(web.cred()).get("/v1/agent/desired").jsonPath().getList("instances")).as("its node starts one").hasSize(1);
        assertThat(idle.idleRound()).as("a woken app starting its instance is not idle")
                .extracting(IdleApps.WentIdle::appId).doesNotContain(web.appId());
        as(KEY).body(Map.of("appId", web.appId())).post("/v1/routing/wake").then().statusCode(204); // again: harmless
    }

    @Test
    void routedRequestsAndUpdatesAreActivity() {
        Web web = running();
        setTimeout(web, 20);
        quietFor(web, 60);
        as(KEY).body(Map.of("router", "r1", "apps", List.of(AppMetricsApiTest.counts(web.appId(), 3, 0, 0,
                AppMetricsApiTest.latency(1_000, 3))))).post("/v1/routing/metrics").then().statusCode(204);
        assertThat(idle.idleRound()).extracting(IdleApps.WentIdle::appId).doesNotContain(web.appId());

        quietFor(web, 60);
        assertThat(idle.idleRound()).extracting(IdleApps.WentIdle::appId).contains(web.appId());
        setTimeout(web, 0);
        assertThat(admin().get(web.path()).jsonPath().getBoolean("idle")).as("an update wakes it").isFalse();
        quietFor(web, 3600);
        assertThat(idle.idleRound()).as("0 is never").extracting(IdleApps.WentIdle::appId).doesNotContain(web.appId());
    }

    @Test
    void aStoppedAppIsNotIdleAndAStartWakesIt() {
        Web web = running();
        setTimeout(web, 20);
        quietFor(web, 60);
        idle.idleRound();
        Api.check(admin().post(web.path() + "/stop"), 200);
        assertThat(admin().get(web.path()).jsonPath().getBoolean("idle")).isFalse();
        Api.check(admin().post(web.path() + "/start"), 200);
        assertThat(admin().get(web.path()).jsonPath().getBoolean("idle")).isFalse();
        assertThat(entry(web)).containsEntry("idle", false);
    }

    @Test
    void aNewRevisionWakesAnIdleApp() {
        Web web = running();
        setTimeout(web, 20);
        quietFor(web, 60);
        assertThat(idle.idleRound()).extracting(IdleApps.WentIdle::appId).contains(web.appId());
        Api.check(admin().post(web.path() + "/restart"), 200);
        assertThat(admin().get(web.path()).jsonPath().getBoolean("idle")).as("a restart (or push) waits for instances").isFalse();
    }

    @Test
    void wakeRefusesBadBodiesUnknownAppsAndStrangers() {
        Web web = running();
        refused(400, "INVALID_FIELD", "appId", () -> as(KEY).body(Map.of()).post("/v1/routing/wake"));
        refused(400, "INVALID_FIELD", "appId", () -> as(KEY).body(Map.of("appId", -3)).post("/v1/routing/wake"));
        refused(400, "MALFORMED_REQUEST", "appId", () -> as(KEY).contentType("application/json").body("{\"appId\": \"web\"}")
                .post("/v1/routing/wake"));
        refused(400, "MALFORMED_REQUEST", "extra", () -> as(KEY).body(Map.of("appId", web.appId(), "extra", 1)).post("/v1/routing/wake"));
        refused(400, "INVALID_FIELD", "X-Paas-Router", () -> as(KEY).header("X-Paas-Router", "a b")
                .body(Map.of("appId", web.appId())).post("/v1/routing/wake"));
        refused(404, "NOT_FOUND", () -> as(KEY).body(Map.of("appId", Long.MAX_VALUE)).post("/v1/routing/wake"));
        refused(401, "UNAUTHENTICATED", () -> as("wrong-key").body(Map.of("appId", web.appId())).post("/v1/routing/wake"));
        refused(401, "UNAUTHENTICATED", () -> as(Api.adminToken()).body(Map.of("appId", web.appId())).post("/v1/routing/wake"));
    }

    /** The web instances the app's node is asked to run (all instances of these tests are on it). */
    private static int desiredOnNode(Web web) {
        return as(web.cred()).get("/v1/agent/desired").jsonPath().getList("instances").size();
    }

    private void wake(Web web) {
        as(KEY).body(Map.of("appId", web.appId())).post("/v1/routing/wake").then().statusCode(204);
    }

    /** An app of 3 instances, idle and its instances stopped, then woken by a router; its node runs the one. */
    private Web woken() {
        Web web = running(3);
        assertThat(desiredOnNode(web)).isEqualTo(3);
        setTimeout(web, 20);
        quietFor(web, 60);
        assertThat(idle.idleRound()).extracting(IdleApps.WentIdle::appId).contains(web.appId());
        round.run(Duration.ofSeconds(15));
        assertThat(desiredOnNode(web)).isZero();
        wake(web);
        round.run(Duration.ofSeconds(15));
        return web;
    }

    private boolean waking(Web web) {
        return Agents.number(dataSource, "select count(*) from apps where id = ? and woken_at is not null", web.appId()) == 1;
    }

    @Test
    void aWakeStartsOneInstanceAndTheRestOnceItServes() {
        Web web = woken();
        assertThat(desiredOnNode(web)).as("one boot for the held request").isEqualTo(1);
        assertThat(hub.recent(web.appId()).stream().map(l -> l.text())).anyMatch(t -> t.matches(
                "woken by a request after \\d+ s idle: starting 1 of 3 instances"));
        assertThat(admin().get(web.path()).jsonPath().getInt("instances")).as("the configured count stays").isEqualTo(3);
        assertThat(idle.awakeRound()).as("not serving yet").extracting(IdleApps.Awake::appId).doesNotContain(web.appId());
        round.run(Duration.ofSeconds(15));
        assertThat(desiredOnNode(web)).isEqualTo(1);
        assertThat(idle.idleRound()).as("a woken app starting its instance is not idle")
                .extracting(IdleApps.WentIdle::appId).doesNotContain(web.appId());

        heartbeatRunning(web.cred());
        assertThat(entry(web).get("endpoints")).as("the router forwards to it").isEqualTo(List.of("10.0.0.9:20000"));
        List<IdleApps.Awake> awake = idle.awakeRound();
        assertThat(awake).filteredOn(a -> a.appId() == web.appId()).singleElement()
                .satisfies(a -> assertThat(a.instances()).isEqualTo(3));
        idle.logAwake(awake);
        assertThat(hub.recent(web.appId()).stream().map(l -> l.text()))
                .contains("1 of 3 instances running after the wake; starting the other 2");
        round.run(Duration.ofSeconds(15));
        assertThat(desiredOnNode(web)).as("back to the configured count").isEqualTo(3);
        assertThat(waking(web)).isFalse();
        assertThat(idle.awakeRound()).as("once").extracting(IdleApps.Awake::appId).doesNotContain(web.appId());
    }

    @Test
    void aWokenAppIsNotIdleUntilItsTimeoutPassedSinceItsInstanceServes() {
        Web web = woken();
        setTimeout(web, 10);  // shorter than this wake: its instance came up 60 s after the wake
        quietFor(web, 60);
        assertThat(idle.idleRound()).as("waking, its instance still starting")
                .extracting(IdleApps.WentIdle::appId).doesNotContain(web.appId());
        heartbeatRunning(web.cred());
        quietFor(web, 60);
        Agents.sql(dataSource, "update instances set state_since = now() where app_id = ?", web.appId());
        assertThat(idle.idleRound()).as("its instance serves, but the router has not forwarded the held request yet")
                .extracting(IdleApps.WentIdle::appId).doesNotContain(web.appId());
        idle.awakeRound();
        assertThat(waking(web)).isFalse();
        Agents.sql(dataSource, "update apps set updated_at = now() - interval '60 seconds' where id = ?", web.appId());
        assertThat(idle.idleRound()).as("its instance became RUNNING just now: the idle clock starts there")
                .extracting(IdleApps.WentIdle::appId).doesNotContain(web.appId());
        quietFor(web, 11);
        assertThat(idle.idleRound()).extracting(IdleApps.WentIdle::appId).contains(web.appId());
    }

    @Test
    void aScaleWhileWakingAppliesTheUsersCountAtOnce() {
        Web web = woken();
        long version = admin().get(web.path()).jsonPath().getLong("version");
        Api.check(admin().body(Map.of("version", version, "instances", 2)).patch(web.path()), 200);
        assertThat(waking(web)).isFalse();
        round.run(Duration.ofSeconds(15));
        assertThat(desiredOnNode(web)).isEqualTo(2);
    }

    @Test
    void aSecondWakeWhileWakingChangesNothing() {
        Web web = woken();
        long version = admin().get(web.path()).jsonPath().getLong("version");
        long wokenAt = Agents.number(dataSource, "select extract(epoch from woken_at) * 1000000 from apps where id = ?", web.appId());
        wake(web);
        assertThat(admin().get(web.path()).jsonPath().getLong("version")).isEqualTo(version);
        assertThat(Agents.number(dataSource, "select extract(epoch from woken_at) * 1000000 from apps where id = ?", web.appId()))
                .isEqualTo(wokenAt);
        assertThat(admin().get("/v1/spaces/" + web.space() + "/events?app=web").jsonPath()
                .getList("items.findAll { it.action == 'app.wake' }.details.starting")).as("one wake, of one instance").containsExactly(1);
        round.run(Duration.ofSeconds(15));
        assertThat(desiredOnNode(web)).isEqualTo(1);
    }

    @Test
    void aStopWhileWakingEndsItAndAStartRunsTheConfiguredCount() {
        Web web = woken();
        Api.check(admin().post(web.path() + "/stop"), 200);
        assertThat(waking(web)).isFalse();
        round.run(Duration.ofSeconds(15));
        assertThat(desiredOnNode(web)).isZero();
        Api.check(admin().post(web.path() + "/start"), 200);
        round.run(Duration.ofSeconds(15));
        assertThat(desiredOnNode(web)).isEqualTo(3);
    }

    @Test
    void aWakingAppThatGoesIdleAgainStartsOverAtTheNextWake() {
        Web web = woken();
        // Its one instance never came up (crashed, say) and no request came since.
        Agents.sql(dataSource, "update instances set state = 'CRASHED', desired = 'STOP' where app_id = ?", web.appId());
        quietFor(web, 60);
        assertThat(idle.idleRound()).as("waking: never stopped under the request that woke it")
                .extracting(IdleApps.WentIdle::appId).doesNotContain(web.appId());
        Agents.sql(dataSource, "update apps set woken_at = now() - make_interval(secs => ?) where id = ?",
                IdleApps.WAKE_BOUND_SECONDS + 1, web.appId());
        assertThat(idle.idleRound()).as("woken longer ago than any router holds a request")
                .extracting(IdleApps.WentIdle::appId).contains(web.appId());
        assertThat(waking(web)).as("an idle app is not waking").isFalse();
        round.run(Duration.ofSeconds(15));
        assertThat(desiredOnNode(web)).isZero();
        wake(web);
        assertThat(waking(web)).isTrue();
        round.run(Duration.ofSeconds(15));
        assertThat(desiredOnNode(web)).isEqualTo(1);
    }
}
