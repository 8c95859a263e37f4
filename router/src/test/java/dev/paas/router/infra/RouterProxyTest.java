package dev.paas.router.infra;

import static dev.paas.router.infra.StubControlPlane.route;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.router.api.RouterConfig;
import dev.paas.router.infra.TestApps.App;
import dev.paas.router.infra.TestApps.Reply;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A real router between a test client and real apps, following a stub control plane. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RouterProxyTest {

    private static RouterRig rig;
    private static TestApps apps;
    private static Router router;

    @BeforeAll
    static void start() throws Exception {
        rig = new RouterRig();
        apps = rig.apps();
        router = rig.startRouter(StubControlPlane.KEY, RouterConfig.Tuning.DEFAULT);
    }

    @AfterAll
    static void stop() throws Exception {
        rig.close();
    }

    /** Publishes these routes and waits until the router serves them. */
    private static void serve(JsonObject... routes) throws InterruptedException {
        rig.serve(routes);
    }

    private static Reply get(String host, String path) throws Exception {
        return apps.get(router.port(), host, path);
    }

    @Test
    void routesByHostThenLongestPathPrefix() throws Exception {
        App shop = apps.start("shop");
        App api = apps.start("api");
        App docs = apps.start("docs");
        serve(route("shop.test", "", 1, shop.endpoint()), route("shop.test", "/api", 2, api.endpoint()),
                route("docs.test", "", 3, docs.endpoint()));

        assertThat(get("shop.test", "/").json().getString("app")).isEqualTo("shop");
        assertThat(get("shop.test", "/cart/42").json().getString("app")).isEqualTo("shop");
        assertThat(get("shop.test", "/api").json().getString("app")).isEqualTo("api");
        JsonObject withQuery = get("shop.test", "/api/v1/items?q=1").json();
        assertThat(withQuery.getString("app")).isEqualTo("api");
        assertThat(withQuery.getString("uri")).isEqualTo("/api/v1/items?q=1");
        assertThat(get("shop.test", "/apix").json().getString("app")).isEqualTo("shop");
        assertThat(get("SHOP.Test:8080", "/").json().getString("app")).isEqualTo("shop");
        assertThat(get("docs.test", "/guide").json().getString("app")).isEqualTo("docs");
    }

    @Test
    void roundRobinOverEndpoints() throws Exception {
        App a = apps.start("rr-a");
        App b = apps.start("rr-b");
        App c = apps.start("rr-c");
        serve(route("rr.test", "", 4, a.endpoint(), b.endpoint(), c.endpoint()));

        List<String> served = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            served.add(get("rr.test", "/").json().getString("app"));
        }

        assertThat(served).containsOnly("rr-a", "rr-b", "rr-c");
        assertThat(served.stream().filter("rr-a"::equals).count()).isEqualTo(3);
        assertThat(served.stream().filter("rr-b"::equals).count()).isEqualTo(3);
        for (int i = 3; i < 9; i++) {
            assertThat(served.get(i)).as("request %d repeats the cycle", i).isEqualTo(served.get(i - 3));
        }
    }

    @Test
    void aRefusedConnectionIsRetriedElsewhereAndTheEndpointMarkedBad() throws Exception {
        App live = apps.start("live");
        String dead = TestApps.deadEndpoint();
        serve(route("retry.test", "", 5, dead, live.endpoint()));

        for (int i = 0; i < 4; i++) {
            Reply reply = get("retry.test", "/r" + i);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().getString("app")).isEqualTo("live");
        }
        Reply post = apps.send(HttpMethod.POST, router.port(), "retry.test", "/upload", Map.of(),
                Buffer.buffer("x".repeat(10_000)));

        assertThat(post.json().getLong("bodyBytes")).as("the body survived the retry").isEqualTo(10_000);
        assertThat(router.badEndpoints()).contains(dead).doesNotContain(live.endpoint());
    }

    @Test
    void givesUpWith502AfterThreeRefusedEndpoints() throws Exception {
        List<String> dead = List.of(TestApps.deadEndpoint(), TestApps.deadEndpoint(), TestApps.deadEndpoint(),
                TestApps.deadEndpoint());
        serve(route("dead.test", "", 6, dead.toArray(String[]::new)));

        Reply reply = get("dead.test", "/");

        assertThat(reply.status()).isEqualTo(502);
        assertThat(reply.text()).startsWith("502 Bad Gateway: no instance of the app at dead.test accepted a connection (3 tried)");
        assertThat(reply.headers().get("X-Paas-Router-Error")).isEqualTo("endpoint-failure");
        assertThat(reply.headers().get("X-Request-Id")).isNotBlank();
        assertThat(router.badEndpoints().stream().filter(dead::contains)).hasSize(3);
    }

    @Test
    void anAppFailingAfterTheRequestWasSentIsA502WithoutRetry() throws Exception {
        App closer = apps.start("closer");
        serve(route("closer.test", "", 7, closer.endpoint()));

        Reply reply = get("closer.test", "/close");

        assertThat(reply.status()).isEqualTo(502);
        assertThat(reply.text()).contains("failed before answering");
        assertThat(router.badEndpoints()).doesNotContain(closer.endpoint());
    }

    @Test
    void unknownHostIs404AndARouteWithoutInstancesIs503() throws Exception {
        serve(route("idle.test", "", 8), route("pathonly.test", "/only", 9, TestApps.deadEndpoint()));

        Reply unknown = get("nobody.test", "/x");
        Reply otherPath = get("pathonly.test", "/elsewhere");
        Reply idle = get("idle.test", "/");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.text()).isEqualTo("404 Not Found: no app is mapped to nobody.test/x\n");
        assertThat(unknown.headers().get("Content-Type")).startsWith("text/plain");
        assertThat(unknown.headers().get("X-Request-Id")).isNotBlank();
        assertThat(otherPath.status()).isEqualTo(404);
        assertThat(idle.status()).isEqualTo(503);
        assertThat(idle.text()).isEqualTo("503 Service Unavailable: no instance of the app at idle.test is running\n");
        assertThat(idle.headers().get("X-Paas-Router-Error")).isEqualTo("no-endpoints");
    }

    @Test
    void addsForwardedHeadersAndARequestIdItEchoes() throws Exception {
        App app = apps.start("headers");
        serve(route("hdr.test", "", 10, app.endpoint()));
        long before = System.currentTimeMillis();

        Reply reply = apps.send(HttpMethod.GET, router.port(), "hdr.test", "/h",
                Map.of("User-Agent", "test-agent/1", "Connection", "X-Secret", "X-Secret", "hop", "Keep-Alive",
                        "timeout=5"), null);

        JsonObject seen = reply.json().getJsonObject("headers");
        String id = reply.headers().get("X-Request-Id");
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(seen.getString("x-request-id")).isEqualTo(id);
        assertThat(seen.getString("host")).isEqualTo("hdr.test");
        assertThat(seen.getString("x-forwarded-for")).isEqualTo("127.0.0.1");
        assertThat(seen.getString("x-forwarded-proto")).isEqualTo("http");
        assertThat(seen.getString("x-forwarded-host")).isEqualTo("hdr.test");
        assertThat(Long.parseLong(seen.getString("x-request-start"))).isBetween(before, System.currentTimeMillis());
        assertThat(seen.getString("user-agent")).isEqualTo("test-agent/1");
        assertThat(seen.fieldNames()).doesNotContain("x-secret", "keep-alive");
        assertThat(reply.headers().get("X-App")).isEqualTo("headers");
    }

    @Test
    void keepsAnIncomingRequestIdAndAppendsToForwardedFor() throws Exception {
        App app = apps.start("headers2");
        serve(route("hdr2.test", "", 11, app.endpoint()));

        Reply reply = apps.send(HttpMethod.GET, router.port(), "hdr2.test", "/",
                Map.of("X-Request-Id", "abc-123", "X-Forwarded-For", "203.0.113.9", "X-Forwarded-Proto", "https"),
                null);

        JsonObject seen = reply.json().getJsonObject("headers");
        assertThat(reply.headers().get("X-Request-Id")).isEqualTo("abc-123");
        assertThat(seen.getString("x-request-id")).isEqualTo("abc-123");
        assertThat(seen.getString("x-forwarded-for")).isEqualTo("203.0.113.9, 127.0.0.1");
        assertThat(seen.getString("x-forwarded-proto")).isEqualTo("https");
    }

    @Test
    void answersWithoutABodyWhereHttpHasNone() throws Exception {
        App app = apps.start("nobody");
        serve(route("empty.test", "", 14, app.endpoint()));

        Reply direct = apps.send(HttpMethod.HEAD, app.server().actualPort(), "empty.test", "/same", Map.of(), null);
        Reply head = apps.send(HttpMethod.HEAD, router.port(), "empty.test", "/same", Map.of(), null);
        Reply noContent = get("empty.test", "/status/204");

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body().length()).isZero();
        assertThat(head.headers().get("Content-Length")).as("direct: " + direct.headers())
                .isEqualTo(direct.headers().get("Content-Length"));
        assertThat(noContent.status()).isEqualTo(204);
        assertThat(noContent.headers().get("Transfer-Encoding")).isNull();
        assertThat(get("empty.test", "/after").status()).as("the connection is still in step").isEqualTo(200);
    }

    @Test
    void passesWebSockets() throws Exception {
        App app = apps.start("ws");
        serve(route("ws.test", "", 12, app.endpoint()));
        CompletableFuture<String> echoed = new CompletableFuture<>();

        var ws = TestApps.await(apps.onClient(() -> apps.client().webSocket(new WebSocketConnectOptions()
                        .setHost("127.0.0.1").setPort(router.port()).setURI("/chat").putHeader("Host", "ws.test"))
                .onSuccess(s -> {
                    s.textMessageHandler(echoed::complete);
                    s.writeTextMessage("hello");
                })));

        assertThat(echoed.get(5, TimeUnit.SECONDS)).isEqualTo("ws:hello:127.0.0.1");
        TestApps.await(ws.close());
    }

    @Test
    void streamsBodiesLargerThanBuffersBothWays() throws Exception {
        App app = apps.start("big");
        serve(route("big.test", "", 13, app.endpoint()));
        int size = 20 * 1024 * 1024;

        // Upload, chunked, 64 KB at a time, each write waiting for the previous one.
        Buffer chunk = Buffer.buffer(new byte[64 * 1024]);
        Buffer uploaded = TestApps.await(apps.onClient(() -> apps.client().request(new RequestOptions()
                        .setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(router.port()).setURI("/upload")
                        .putHeader("Host", "big.test"))
                .compose(request -> {
                    request.setChunked(true);
                    Future<Void> written = Future.succeededFuture();
                    for (int sent = 0; sent < size; sent += chunk.length()) {
                        written = written.compose(v -> request.write(chunk));
                    }
                    return written.compose(v -> request.end()).compose(v -> request.response());
                })
                .compose(HttpClientResponse::body)));
        assertThat(uploaded.toJsonObject().getLong("bodyBytes")).isEqualTo(size);

        // Download, counted as it arrives rather than collected.
        long[] received = {0};
        CompletableFuture<Long> done = new CompletableFuture<>();
        apps.onClient(() -> apps.client().request(new RequestOptions().setHost("127.0.0.1").setPort(router.port())
                                .setURI("/bytes/" + size).putHeader("Host", "big.test"))
                        .compose(r -> r.send())
                        .onSuccess(resp -> {
                            resp.handler(b -> received[0] += b.length());
                            resp.endHandler(v -> done.complete(received[0]));
                        }))
                .onFailure(done::completeExceptionally);
        assertThat(done.get(20, TimeUnit.SECONDS)).isEqualTo(size);
    }
}
