package dev.paas.router.infra;

import static dev.paas.router.infra.StubControlPlane.route;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.router.api.RouterConfig;
import dev.paas.router.infra.TestApps.App;
import dev.paas.router.infra.TestApps.Reply;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The router and its control plane: access logs going up, the table coming down, outages. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RouterControlPlaneTest {

    private static final RouterConfig.Tuning FAST = RouterConfig.Tuning.DEFAULT
            .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
            .withFlushEvery(Duration.ofMillis(200));

    private RouterRig rig;
    private StubControlPlane controlPlane;
    private TestApps apps;
    private Router router;

    @BeforeEach
    void start() throws Exception {
        rig = new RouterRig();
        controlPlane = rig.controlPlane();
        apps = rig.apps();
    }

    @AfterEach
    void stop() throws Exception {
        rig.close();
    }

    private String routerKey;

    private void startRouter(String key, RouterConfig.Tuning tuning) throws Exception {
        routerKey = key;
        router = rig.startRouter(key, tuning);
    }

    /** A request to the admin port with this Authorization header (none when null). */
    private Reply admin(String path, String authorization) throws Exception {
        return apps.send(HttpMethod.GET, router.adminPort(), "127.0.0.1", path,
                authorization == null ? Map.of() : Map.of("Authorization", authorization), null);
    }

    /** {@code /health} with the router key the rig's router was started with. */
    private Reply health() throws Exception {
        return admin("/health", "Bearer " + routerKey);
    }

    private void serve(long version, JsonObject... routes) throws InterruptedException {
        rig.serve(version, routes);
    }

    @Test
    void writesOneRtrLinePerRequestInBatches() throws Exception {
        startRouter(StubControlPlane.KEY, FAST);
        App app = apps.start("logged");
        serve(1, route("logged.test", "", 42, app.endpoint()), route("idle.test", "", 43));

        for (int i = 1; i <= 5; i++) {
            apps.send(HttpMethod.GET, router.port(), "logged.test", "/page/" + i + "?q=1",
                    Map.of("User-Agent", "test-agent/1", "X-Request-Id", "log-" + i), null);
        }
        apps.send(HttpMethod.GET, router.port(), "idle.test", "/", Map.of("X-Request-Id", "log-503"), null);
        apps.get(router.port(), "nobody.test", "/");
        TestApps.until("6 access-log lines", Duration.ofSeconds(5), () -> controlPlane.lines().size() >= 6);

        List<JsonObject> lines = controlPlane.lines();
        assertThat(lines).hasSize(6);
        assertThat(controlPlane.batches()).as("batched, not one call per request").hasSizeLessThan(6);
        assertThat(controlPlane.batches().get(0).getString("router")).isEqualTo("router-test");
        JsonObject first = lines.get(0);
        assertThat(first.getLong("appId")).isEqualTo(42);
        assertThat(Instant.parse(first.getString("at"))).isBefore(Instant.now().plusSeconds(1));
        assertThat(first.getString("text"))
                .startsWith("GET /page/1?q=1 200 ")
                .containsPattern(" \\d+ bytes \\d+ ms ")
                .contains("x-request-id: log-1", "endpoint " + app.endpoint(), "host logged.test",
                        "remote 127.0.0.1", "user-agent \"test-agent/1\"");
        assertThat(lines.get(5).getLong("appId")).isEqualTo(43);
        assertThat(lines.get(5).getString("text")).startsWith("GET / 503 ").contains("x-request-id: log-503",
                "endpoint -");
        TestApps.until("the router counted them sent", Duration.ofSeconds(5), () -> router.accessLogSent() == 6);
    }

    @Test
    void namesItselfOnEveryTableCallSoTheControlPlaneKnowsWhatItServes() throws Exception {
        startRouter(StubControlPlane.KEY, FAST);
        serve(1, route("a.test", "", 42));
        String first = controlPlane.lastRouterId();
        assertThat(first).matches("router-test/[0-9a-f]+");

        serve(2, route("a.test", "", 42));
        assertThat(controlPlane.lastRouterId()).isEqualTo(first);
        router.close();
        startRouter(StubControlPlane.KEY, FAST);
        TestApps.until("the restarted router's call", Duration.ofSeconds(5),
                () -> controlPlane.lastRouterId() != null && !controlPlane.lastRouterId().equals(first));
        assertThat(controlPlane.lastRouterId()).as("a restarted router is a new router").startsWith("router-test/");
    }

    @Test
    void logsAWebSocketSessionWhenItCloses() throws Exception {
        startRouter(StubControlPlane.KEY, FAST);
        App app = apps.start("ws");
        serve(1, route("ws.test", "", 44, app.endpoint()));

        TestApps.await(apps.onClient(() -> apps.client().webSocket(new WebSocketConnectOptions()
                        .setHost("127.0.0.1").setPort(router.port()).setURI("/live").putHeader("Host", "ws.test"))
                .compose(ws -> ws.writeTextMessage("hi").compose(v -> ws.close()))));
        TestApps.until("the session's line", Duration.ofSeconds(5), () -> controlPlane.lines().size() == 1);

        assertThat(controlPlane.lines().get(0).getString("text")).startsWith("GET /live 101 ")
                .contains("endpoint " + app.endpoint());
    }

    @Test
    void keepsServingItsLastTableWhileTheControlPlaneIsAwayThenCatchesUp() throws Exception {
        startRouter(StubControlPlane.KEY, FAST.withLogQueue(3));
        App before = apps.start("before");
        App after = apps.start("after");
        serve(1, route("steady.test", "", 45, before.endpoint()));

        controlPlane.stop();
        long failures = router.tableFetchFailures();
        TestApps.until("two failed fetches", Duration.ofSeconds(5), () -> router.tableFetchFailures() >= failures + 2);
        for (int i = 0; i < 10; i++) {
            Reply reply = apps.get(router.port(), "steady.test", "/");
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().getString("app")).isEqualTo("before");
        }
        TestApps.until("access-log lines dropped", Duration.ofSeconds(5), () -> router.accessLogDropped() >= 7);
        Reply health = health();
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().getString("lastFetchError")).isNotEmpty();

        controlPlane.start();
        serve(2, route("steady.test", "", 45, after.endpoint()));
        assertThat(apps.get(router.port(), "steady.test", "/").json().getString("app")).isEqualTo("after");
    }

    @Test
    void healthSaysStartingUntilATableArrivesAndNamesAWrongKey() throws Exception {
        startRouter("wrong-key", FAST);
        TestApps.until("a failed fetch", Duration.ofSeconds(5), () -> router.tableFetchFailures() >= 1);

        Reply health = health();
        Reply proxied = apps.get(router.port(), "any.test", "/");
        Reply other = admin("/v1/apps", "Bearer " + "wrong-key");

        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().getString("status")).isEqualTo("STARTING");
        assertThat(health.json().getString("lastFetchError")).contains("HTTP 401");
        assertThat(proxied.status()).as("not 404: the router does not know yet").isEqualTo(503);
        assertThat(proxied.headers().get("Retry-After")).isEqualTo("1");
        assertThat(proxied.headers().get("X-Paas-Router-Error")).isEqualTo("starting");
        assertThat(proxied.text()).contains("starting");
        assertThat(other.status()).isEqualTo(404);
        assertThat(router.tableVersion()).isZero();
    }

    @Test
    void healthIsUpWithTheServedVersion() throws Exception {
        startRouter(StubControlPlane.KEY, FAST);
        serve(7, route("up.test", "", 46, TestApps.deadEndpoint()));

        Reply health = health();

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().getString("status")).isEqualTo("UP");
        assertThat(health.json().getLong("tableVersion")).isEqualTo(7);
        assertThat(health.json().getInteger("routes")).isEqualTo(1);
        assertThat(health.json().getJsonObject("accessLog").getLong("dropped")).isZero();
    }

    @Test
    void everyRequestToTheAdminPortNeedsTheRouterKey() throws Exception {
        startRouter(StubControlPlane.KEY, FAST);
        serve(8, route("up.test", "", 47, TestApps.deadEndpoint()));

        for (String auth : new String[] {null, "Bearer wrong", "Bearer " + StubControlPlane.KEY + "x", StubControlPlane.KEY,
                "Basic " + StubControlPlane.KEY, "Bearer  " + StubControlPlane.KEY, ""}) {
            Reply health = admin("/health", auth);
            assertThat(health.status()).as("Authorization: " + auth).isEqualTo(401);
            assertThat(health.headers().get("WWW-Authenticate")).startsWith("Bearer");
            assertThat(health.text()).doesNotContain("tableVersion").contains("router key");
            assertThat(admin("/nothing", auth).status()).as("any path: " + auth).isEqualTo(401);
        }
        assertThat(health().status()).isEqualTo(200);
        assertThat(admin("/nothing", "Bearer " + StubControlPlane.KEY).status()).isEqualTo(404);
    }

    @Test
    void answers503StartingForKnownAndUnknownHostsUntilTheFirstTableThenRoutes() throws Exception {
        App app = apps.start("late");
        controlPlane.stop(); // no table yet: the router keeps trying
        startRouter(StubControlPlane.KEY, FAST);
        TestApps.until("a failed fetch", Duration.ofSeconds(5), () -> router.tableFetchFailures() >= 1);

        for (String host : List.of("late.test", "unknown.test")) {
            Reply reply = apps.get(router.port(), host, "/");
            assertThat(reply.status()).as(host).isEqualTo(503);
            assertThat(reply.headers().get("Retry-After")).isEqualTo("1");
            assertThat(reply.text()).contains("the router is starting");
        }

        controlPlane.start();
        serve(9, route("late.test", "", 48, app.endpoint()));
        assertThat(apps.get(router.port(), "late.test", "/").status()).isEqualTo(200);
        assertThat(apps.get(router.port(), "unknown.test", "/").status()).as("known now: no such app").isEqualTo(404);
    }

    @Test
    void eachPortListensOnlyOnItsOwnAddress() throws Exception {
        // Every 127.0.0.0/8 address is loopback on Linux: two of them tell the binds apart.
        try (Router own = Router.start(RouterConfig.validated(controlPlane.url(), StubControlPlane.KEY, "binds", "127.0.0.2", 0,
                "127.0.0.3", 0, 1, FAST))) {
            assertThat(connects("127.0.0.2", own.port())).isTrue();
            assertThat(connects("127.0.0.1", own.port())).as("proxy on another address").isFalse();
            assertThat(connects("127.0.0.3", own.adminPort())).isTrue();
            assertThat(connects("127.0.0.2", own.adminPort())).as("admin port on the proxy's address").isFalse();
            assertThat(connects("127.0.0.1", own.adminPort())).isFalse();
        }
    }

    private static boolean connects(String address, int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(address, port), 2000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
