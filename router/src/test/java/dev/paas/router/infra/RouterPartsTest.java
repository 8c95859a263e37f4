package dev.paas.router.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.model.RoutingTable;
import dev.paas.router.api.RouterConfig;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The router's small pieces, without sockets. */
class RouterPartsTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final EndpointHealth health = new EndpointHealth(30, clock::get);

    private static Target target(String... addresses) {
        return new Target("a.test", 1, "space/a", List.of(addresses).stream().map(a -> Backend.parse(a).orElseThrow()).toList());
    }

    @Test
    void picksRoundRobin() {
        Target t = target("h:1", "h:2", "h:3");
        List<Integer> picks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            picks.add(t.pick(0, health));
        }
        assertThat(picks).containsExactly(0, 1, 2, 0, 1, 2);
    }

    @Test
    void skipsEndpointsTriedOrMarkedBadAndFallsBackToABadOneBeforeGivingUp() {
        Target t = target("h:1", "h:2", "h:3");
        health.markBad("h:2");

        assertThat(t.pick(0b001, health)).as("1 tried, 2 bad").isEqualTo(2);
        assertThat(t.pick(0b101, health)).as("only the bad one is left").isEqualTo(1);
        assertThat(t.pick(0b111, health)).as("all tried").isEqualTo(-1);
        assertThat(target().pick(0, health)).as("no endpoints").isEqualTo(-1);
    }

    @Test
    void aBadMarkExpires() {
        health.markBad("h:1");
        clock.addAndGet(29);
        assertThat(health.isBad("h:1")).isTrue();
        assertThat(health.bad()).containsExactly("h:1");

        clock.addAndGet(1);

        assertThat(health.isBad("h:1")).isFalse();
        assertThat(health.bad()).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}:{2}")
    @CsvSource({
        "10.0.0.5:20001, 10.0.0.5, 20001",
        "[::1]:8080, ::1, 8080",
        "node-a.internal:80, node-a.internal, 80",
        "10.0.0.5, -, 0",
        "10.0.0.5:, -, 0",
        ":80, -, 0",
        "10.0.0.5:http, -, 0",
        "10.0.0.5:70000, -, 0",
        "::1:80, -, 0",
    })
    void parsesEndpoints(String address, String host, int port) {
        var parsed = Backend.parse(address);
        assertThat(parsed.map(Backend::host).orElse("-")).isEqualTo(host);
        assertThat(parsed.map(Backend::port).orElse(0)).isEqualTo(port);
    }

    @Test
    void keepsAShortPrintableRequestIdElseMakesOne() {
        assertThat(Headers.requestId("abc-123")).isEqualTo("abc-123");
        assertThat(Headers.requestId("has space")).isNotEqualTo("has space").hasSize(36);
        assertThat(Headers.requestId("x".repeat(129))).hasSize(36);
        assertThat(Headers.requestId(null)).isNotEqualTo(Headers.requestId(null));
    }

    @Test
    void stripsHopByHopHeadersAndThoseConnectionNames() {
        HttpHeaders h = new DefaultHttpHeaders()
                .add("Connection", "keep-alive, X-Secret").add("X-Secret", "1").add("Keep-Alive", "timeout=5")
                .add("Transfer-Encoding", "chunked").add("TE", "trailers").add("Upgrade", "h2c")
                .add("Proxy-Authorization", "Basic x").add("Accept", "*/*");

        Headers.stripHopByHop(h, false);

        assertThat(h.names()).containsExactly("Accept");
    }

    @Test
    void keepsUpgradeForAWebSocketHandshake() {
        HttpHeaders h = new DefaultHttpHeaders().add("Connection", "keep-alive, Upgrade")
                .add("Upgrade", "websocket").add("Sec-WebSocket-Key", "k");

        Headers.stripHopByHop(h, true);

        assertThat(h.get("Connection")).isEqualTo("Upgrade");
        assertThat(h.get("Upgrade")).isEqualTo("websocket");
        assertThat(h.get("Sec-WebSocket-Key")).isEqualTo("k");
    }

    @Test
    void formatsAnRtrLine() {
        var e = new AccessLog.Entry(7, 0, "shop.test", "GET", "/cart?x=1", 200, 1234, 12, "id-1", "10.0.0.5:20001",
                "curl \"8\"", "203.0.113.9");

        assertThat(AccessLog.text(e)).isEqualTo("GET /cart?x=1 200 1234 bytes 12 ms x-request-id: id-1 endpoint "
                + "10.0.0.5:20001 host shop.test remote 203.0.113.9 user-agent \"curl '8'\"");
    }

    @Test
    void aFullAccessLogDropsAndCountsInsteadOfWaiting() {
        AccessLog log = new AccessLog(2);
        for (int i = 0; i < 5; i++) {
            log.offer(new AccessLog.Entry(1, i, "h", "GET", "/" + i, 200, 0, 0, "id", null, null, null));
        }

        AccessLog.Batch batch = log.drain("r1", 1000);

        assertThat(log.dropped()).isEqualTo(3);
        assertThat(batch.lines()).isEqualTo(2);
        var lines = batch.body().toJsonObject().getJsonArray("lines");
        assertThat(lines.getJsonObject(0).getString("text")).startsWith("GET /0 ");
        assertThat(lines.getJsonObject(1).getString("text")).startsWith("GET /1 ");
        assertThat(Instant.parse(lines.getJsonObject(1).getString("at"))).isEqualTo(Instant.ofEpochMilli(1));
        assertThat(log.drain("r1", 1000).lines()).isZero();
    }

    @Test
    void readsTheRoutingTableAsTheModelRecordHasIt() {
        RoutingTable table = Wire.table(Buffer.buffer("""
                {"version": 42, "routes": [
                  {"host": "a.test", "path": "", "appId": 3, "app": "dev/a", "endpoints": ["10.0.0.1:1"], "extra": 1},
                  {"host": "b.test", "appId": 4, "app": "dev/b", "endpoints": []}]}"""));
        assertThat(table).isEqualTo(new RoutingTable(42, List.of(
                new RoutingTable.RoutingEntry("a.test", "", 3, "dev/a", List.of("10.0.0.1:1")),
                new RoutingTable.RoutingEntry("b.test", "", 4, "dev/b", List.of()))));
        assertThatThrownBy(() -> Wire.table(Buffer.buffer("[]"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Wire.table(Buffer.buffer("{\"version\":1}"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesABatchAsTheModelRecordHasIt() {
        AccessLog log = new AccessLog(10);
        String agent = "say \"hi\" \\ then\u0001 ünïcode";
        log.offer(new AccessLog.Entry(3, Instant.parse("2026-01-02T03:04:05.678Z").toEpochMilli(), "a.test", "GET",
                "/", 200, 5, 1, "id", "h:1", agent, "r"));
        log.offer(new AccessLog.Entry(4, 0, "a.test", "GET", "/", 200, 5, 1, "id", "h:1", null, "r"));

        JsonObject batch = log.drain("router \"1\"", 1000).body().toJsonObject();

        assertThat(batch.fieldNames()).containsExactlyInAnyOrder("router", "lines");
        assertThat(batch.getString("router")).isEqualTo("router \"1\"");
        JsonObject first = batch.getJsonArray("lines").getJsonObject(0);
        assertThat(first.fieldNames()).containsExactlyInAnyOrder("appId", "at", "text");
        assertThat(first.getLong("appId")).isEqualTo(3);
        assertThat(first.getString("at")).isEqualTo("2026-01-02T03:04:05.678Z");
        assertThat(first.getString("text")).endsWith("user-agent \"say 'hi' \\ then\u0001 ünïcode\"");
        assertThat(batch.getJsonArray("lines").getJsonObject(1).getString("at")).isEqualTo("1970-01-01T00:00:00.000Z");
    }

    @Test
    void validatesFlags() {
        var tuning = RouterConfig.Tuning.DEFAULT;
        assertThatThrownBy(() -> RouterConfig.validated(null, "k", "r", "0.0.0.0", 8080, "127.0.0.1", 8081, 2, tuning))
                .hasMessageContaining("--control-plane is required");
        assertThatThrownBy(() -> RouterConfig.validated("ftp://x", "k", "r", "0.0.0.0", 8080, "127.0.0.1", 8081, 2, tuning))
                .hasMessageContaining("http(s)://host");
        assertThatThrownBy(() -> RouterConfig.validated("http://cp:8900", " ", "r", "0.0.0.0", 8080, "127.0.0.1", 8081, 2, tuning))
                .hasMessageContaining("PAAS_ROUTER_KEY");
        assertThatThrownBy(() -> RouterConfig.validated("http://cp:8900", "k", "r", "0.0.0.0", 8080, "127.0.0.1", 8080, 2, tuning))
                .hasMessageContaining("--admin-port must differ");
        assertThatThrownBy(() -> RouterConfig.validated("http://cp:8900", "k", "edge 1", "0.0.0.0", 8080, "127.0.0.1", 8081, 2, tuning))
                .hasMessageContaining("--name must be 1 to 120 printable characters without spaces");
        assertThatThrownBy(() -> RouterConfig.validated("http://cp:8900", "k", "", "0.0.0.0", 8080, "127.0.0.1", 8081, 2, tuning))
                .hasMessageContaining("--name");
        assertThatThrownBy(() -> RouterConfig.validated("http://cp:8900", "k", "r".repeat(121), "0.0.0.0", 8080, "127.0.0.1", 8081, 2, tuning))
                .hasMessageContaining("--name");
        assertThatThrownBy(() -> RouterConfig.validated("http://cp:8900", "k", "r", "localhost", 8080, "127.0.0.1", 8081, 2, tuning))
                .hasMessageContaining("--bind must be an IP address");
        assertThatThrownBy(() -> RouterConfig.validated("http://cp:8900", "k", "r", "127.0.0.1", 8080, "", 8081, 2, tuning))
                .hasMessageContaining("--admin-bind must be an IP address");
        assertThat(RouterConfig.validated("http://cp:8900", "k", "r", "::1", 8080, "::", 8081, 2, tuning).adminBind())
                .isEqualTo("::");
        var ok = RouterConfig.validated("http://cp:8900/", "secret", "r", "0.0.0.0", 8080, "127.0.0.1", 8081, 2, tuning);
        assertThat(ok.controlPlane().toString()).isEqualTo("http://cp:8900");
        assertThat(ok.toString()).doesNotContain("secret");
    }

    @Test
    void listensOnLoopbackUnlessToldOtherwise() {
        RouterMain main = new RouterMain();
        new picocli.CommandLine(main).parseArgs("--control-plane", "http://127.0.0.1:8900");
        assertThat(main.bind).isEqualTo("127.0.0.1");
        assertThat(main.adminBind).isEqualTo("127.0.0.1");
    }
}
