package dev.paas.router.infra;

import static dev.paas.router.infra.StubControlPlane.idleRoute;
import static dev.paas.router.infra.StubControlPlane.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.router.api.RouterConfig;
import dev.paas.router.infra.TestApps.App;
import dev.paas.router.infra.TestApps.Reply;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Scale to zero at the router: requests for an idle app are held while it wakes, within bounds. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RouterWakeTest {

    private static final RouterConfig.Tuning FAST = RouterConfig.Tuning.DEFAULT
            .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
            .withFlushEvery(Duration.ofMillis(100));

    private RouterRig rig;
    private StubControlPlane controlPlane;
    private TestApps apps;
    private Router router;
    private final ExecutorService clients = Executors.newCachedThreadPool();

    @BeforeEach
    void start() throws Exception {
        rig = new RouterRig();
        controlPlane = rig.controlPlane();
        apps = rig.apps();
    }

    @AfterEach
    void stop() throws Exception {
        clients.shutdownNow();
        rig.close();
    }

    private void startRouter(RouterConfig.Tuning tuning) throws Exception {
        router = rig.startRouter(StubControlPlane.KEY, tuning);
    }

    /** A request on a thread of its own: it may be held. */
    private CompletableFuture<Reply> send(String host, String path, String requestId, Buffer body) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return apps.send(body == null ? HttpMethod.GET : HttpMethod.POST, router.port(), host, path,
                        Map.of("X-Request-Id", requestId), body);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, clients);
    }

    /** The RTR line of a request id, once shipped. */
    private String line(String requestId) throws InterruptedException {
        TestApps.until("the RTR line of " + requestId, Duration.ofSeconds(5),
                () -> controlPlane.lines().stream().anyMatch(l -> l.getString("text").contains("x-request-id: " + requestId + " ")));
        return controlPlane.lines().stream().map(l -> l.getString("text"))
                .filter(t -> t.contains("x-request-id: " + requestId + " ")).findFirst().orElseThrow();
    }

    @Test
    void aRequestForAnIdleAppIsHeldWokenAndRoutedOnceItHasAnInstance() throws Exception {
        startRouter(FAST);
        App app = apps.start("sleepy");
        rig.serve(idleRoute("sleepy.test", 7));

        CompletableFuture<Reply> first = send("sleepy.test", "/a", "held-1", null);
        CompletableFuture<Reply> second = send("sleepy.test", "/b", "held-2", Buffer.buffer("x".repeat(10_000)));
        TestApps.until("two requests held", Duration.ofSeconds(5), () -> heldNow() == 2);
        assertThat(controlPlane.wakes()).as("one wake per app per second").containsExactly(7L);
        assertThat(first).isNotDone();

        // Woken: not idle any more, still no endpoint. Still held, and a new request waits too.
        rig.serve(route("sleepy.test", "", 7));
        CompletableFuture<Reply> third = send("sleepy.test", "/c", "held-3", null);
        TestApps.until("three requests held", Duration.ofSeconds(5), () -> heldNow() == 3);

        rig.serve(route("sleepy.test", "", 7, app.endpoint()));
        Reply a = first.get(5, TimeUnit.SECONDS);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().getString("uri")).isEqualTo("/a");
        Reply b = second.get(5, TimeUnit.SECONDS);
        assertThat(b.status()).isEqualTo(200);
        assertThat(b.json().getLong("bodyBytes")).as("the body held with it arrives whole").isEqualTo(10_000);
        assertThat(third.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(heldNow()).isZero();

        String rtr = line("held-1");
        assertThat(rtr).matches("GET /a 200 \\d+ bytes \\d+ ms wake_ms=\\d+ x-request-id: held-1 endpoint " + app.endpoint() + " .*");
        long wake = Long.parseLong(rtr.replaceAll(".* wake_ms=(\\d+) .*", "$1"));
        long total = Long.parseLong(rtr.replaceAll(".* bytes (\\d+) ms .*", "$1"));
        assertThat(wake).isPositive().isLessThanOrEqualTo(total);

        Reply after = apps.get(router.port(), "sleepy.test", "/d");
        assertThat(after.status()).isEqualTo(200);
        assertThat(controlPlane.wakes()).containsExactly(7L);
    }

    @Test
    void anAppWithoutEndpointsThatIsNotIdleOrWakingIsStillA503() throws Exception {
        startRouter(FAST);
        rig.serve(route("down.test", "", 8));
        Reply r = apps.get(router.port(), "down.test", "/");
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.headers().get("X-Paas-Router-Error")).isEqualTo("no-endpoints");
        assertThat(controlPlane.wakes()).isEmpty();
    }

    @Test
    void aFailedWakeEndsTheRequestAtTheWaitLimitWithA503AndRetryAfter() throws Exception {
        startRouter(FAST.withHolding(100, Duration.ofMillis(1500)));
        controlPlane.answerWakes(503);
        rig.serve(idleRoute("broken.test", 9));

        long t0 = System.nanoTime();
        Reply r = send("broken.test", "/", "late-1", null).get(10, TimeUnit.SECONDS);
        long waited = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.headers().get("X-Paas-Router-Error")).isEqualTo("wake-timeout");
        assertThat(r.headers().get("Retry-After")).isEqualTo("1");
        assertThat(r.headers().get("X-Request-Id")).isEqualTo("late-1");
        assertThat(r.text()).isEqualTo("503 Service Unavailable: the app at broken.test is starting from zero and "
                + "had no running instance within 1 s; retry\n");
        assertThat(waited).isBetween(1400L, 5000L);
        assertThat(controlPlane.wakes().size()).as("a failed wake is posted again about every second").isBetween(2, 3);
        assertThat(line("late-1")).matches("GET / 503 \\d+ bytes \\d+ ms wake_ms=1[45]\\d\\d x-request-id: late-1 endpoint - .*");
        assertThat(heldNow()).isZero();
    }

    @Test
    void pastMaxHeldRequestsAreRefusedAtOnce() throws Exception {
        startRouter(FAST.withHolding(2, Duration.ofSeconds(20)));
        App app = apps.start("busy");
        rig.serve(idleRoute("busy.test", 10));
        CompletableFuture<Reply> one = send("busy.test", "/1", "q-1", null);
        CompletableFuture<Reply> two = send("busy.test", "/2", "q-2", null);
        TestApps.until("two held", Duration.ofSeconds(5), () -> heldNow() == 2);

        Reply three = apps.send(HttpMethod.GET, router.port(), "busy.test", "/3", Map.of("X-Request-Id", "q-3"), null);
        assertThat(three.status()).isEqualTo(503);
        assertThat(three.headers().get("X-Paas-Router-Error")).isEqualTo("wake-queue-full");
        assertThat(three.headers().get("Retry-After")).isEqualTo("1");
        assertThat(three.text()).contains("already has 2 requests waiting");

        rig.serve(route("busy.test", "", 10, app.endpoint()));
        assertThat(one.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(two.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
    }

    @Test
    void aClientThatLeavesWhileHeldIsDroppedAndLogged499() throws Exception {
        startRouter(FAST);
        rig.serve(idleRoute("gone.test", 11));
        try (Socket s = new Socket("127.0.0.1", router.port())) {
            OutputStream out = s.getOutputStream();
            out.write("GET /x HTTP/1.1\r\nHost: gone.test\r\nX-Request-Id: left-1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            TestApps.until("held", Duration.ofSeconds(5), () -> heldNow() == 1);
        }
        TestApps.until("dropped", Duration.ofSeconds(5), () -> heldNow() == 0);
        assertThat(line("left-1")).matches("GET /x 499 0 bytes \\d+ ms wake_ms=\\d+ x-request-id: left-1 endpoint - .*");
    }

    @Test
    void aRouteUnmappedWhileHeldIsA404() throws Exception {
        startRouter(FAST);
        App app = apps.start("other");
        rig.serve(idleRoute("moved.test", 12));
        CompletableFuture<Reply> r = send("moved.test", "/", "moved-1", null);
        TestApps.until("held", Duration.ofSeconds(5), () -> heldNow() == 1);
        rig.serve(route("else.test", "", 12, app.endpoint()));
        Reply reply = r.get(5, TimeUnit.SECONDS);
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.headers().get("X-Paas-Router-Error")).isEqualTo("unknown-route");
    }

    @Test
    void theTableSaysWhichRoutesAreIdleAndOlderTablesMeanNone() {
        var table = Wire.table(Buffer.buffer("{\"version\":3,\"routes\":[{\"host\":\"a.test\",\"appId\":1,\"endpoints\":[],"
                + "\"idle\":true},{\"host\":\"b.test\",\"appId\":2,\"endpoints\":[\"127.0.0.1:1\"]}]}"));
        assertThat(table.routes().get(0).idle()).isTrue();
        assertThat(table.routes().get(1).idle()).as("a control plane without scale to zero").isFalse();
        assertThat(AccessLog.text(new AccessLog.Entry(7, 0, "a.test", "GET", "/", 200, 5, 1250, "id-1", "h:1", null, "r", 1234)))
                .startsWith("GET / 200 5 bytes 1250 ms wake_ms=1234 x-request-id: id-1 endpoint h:1 ");
        assertThat(AccessLog.text(new AccessLog.Entry(7, 0, "a.test", "GET", "/", 200, 5, 12, "id-1", "h:1", null, "r")))
                .startsWith("GET / 200 5 bytes 12 ms x-request-id: id-1 ");
    }

    @Test
    void theBoundsAreFlagsCheckedOnce() {
        assertThat(RouterConfig.Tuning.DEFAULT.maxHeld()).isEqualTo(100);
        assertThat(RouterConfig.Tuning.DEFAULT.wakeWait()).isEqualTo(Duration.ofSeconds(60));
        assertThat(RouterConfig.Tuning.wakeTimeout("60s")).isEqualTo(Duration.ofSeconds(60));
        assertThat(RouterConfig.Tuning.wakeTimeout("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(RouterConfig.Tuning.wakeTimeout("500ms")).isEqualTo(Duration.ofMillis(500));
        for (String bad : List.of("", "60", "soon", "-1s", "1.5s", "1h")) {
            assertThatThrownBy(() -> RouterConfig.Tuning.wakeTimeout(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--wake-timeout must be a duration such as 60s, 2m or 500ms, got \"" + bad + "\"");
        }
        assertThatThrownBy(() -> RouterConfig.Tuning.wakeTimeout(null)).hasMessageStartingWith("--wake-timeout");
        assertThatThrownBy(() -> RouterConfig.Tuning.DEFAULT.withHolding(100, Duration.ofMinutes(11)))
                .hasMessage("--wake-timeout must be 1ms to 10m, got PT11M");
        assertThatThrownBy(() -> RouterConfig.Tuning.DEFAULT.withHolding(100, Duration.ZERO))
                .hasMessage("--wake-timeout must be 1ms to 10m, got PT0S");
        assertThatThrownBy(() -> RouterConfig.Tuning.DEFAULT.withHolding(0, Duration.ofSeconds(1)))
                .hasMessage("--max-held must be 1 to 100000, got 0");
        assertThatThrownBy(() -> RouterConfig.Tuning.DEFAULT.withHolding(100_001, Duration.ofSeconds(1)))
                .hasMessage("--max-held must be 1 to 100000, got 100001");
        assertThat(new picocli.CommandLine(new RouterMain()).execute("--control-plane", "http://127.0.0.1:1",
                "--router-key", "k", "--wake-timeout", "soon")).isEqualTo(2);
    }

    private int heldNow() {
        return router.heldRequests();
    }
}
