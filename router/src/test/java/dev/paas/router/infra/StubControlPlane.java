package dev.paas.router.infra;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The routing endpoints of the control plane, as the router sees them: the route table with
 * its long-poll, the access-log sink and the metrics sink (which can be told to refuse). Checks the router key like the real one. Runs on the
 * test's Vert.x; {@link #stop} and {@link #start} take it away and bring it back on its port.
 */
final class StubControlPlane implements AutoCloseable {

    static final String KEY = "test-router-key";

    private final Vertx vertx;
    private final Queue<HttpServerRequest> waiting = new ConcurrentLinkedQueue<>(); // from any thread
    private final List<JsonObject> batches = new CopyOnWriteArrayList<>();
    private final List<JsonObject> metrics = new CopyOnWriteArrayList<>();
    private final AtomicInteger metricsRefused = new AtomicInteger();
    private volatile boolean refuseMetrics;
    private final AtomicInteger tableCalls = new AtomicInteger();
    private final List<Long> wakes = new CopyOnWriteArrayList<>();
    private volatile int wakeStatus = 204;
    private volatile String lastRouterId;
    private volatile JsonObject table = new JsonObject().put("version", 0).put("routes", new JsonArray());
    private HttpServer server;
    private int port;

    StubControlPlane(Vertx vertx) {
        this.vertx = vertx;
    }

    StubControlPlane start() throws Exception {
        server = vertx.createHttpServer().requestHandler(this::handle)
                .listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        port = server.actualPort();
        return this;
    }

    /** Closes the server and every connection, long-polls included. */
    void stop() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Publishes a table; waiting long-polls answer at once. */
    void publish(long version, JsonArray routes) {
        table = new JsonObject().put("version", version).put("routes", routes);
        for (HttpServerRequest req : waiting) {
            if (waiting.remove(req)) {
                answerTable(req);
            }
        }
    }

    static JsonObject route(String host, String path, long appId, String... endpoints) {
        return new JsonObject().put("host", host).put("path", path).put("appId", appId).put("app", "space/app" + appId)
                .put("endpoints", new JsonArray(List.of((Object[]) endpoints)));
    }

    List<JsonObject> batches() {
        return batches;
    }

    /** Every access-log line received, in order. */
    List<JsonObject> lines() {
        List<JsonObject> all = new ArrayList<>();
        for (JsonObject b : batches) {
            b.getJsonArray("lines").forEach(l -> all.add((JsonObject) l));
        }
        return all;
    }

    /** Every metrics post accepted, in order. */
    List<JsonObject> metrics() {
        return metrics;
    }

    /** Metrics posts are answered 503 (and not kept) while {@code refuse}. */
    void refuseMetrics(boolean refuse) {
        refuseMetrics = refuse;
    }

    int metricsRefused() {
        return metricsRefused.get();
    }

    /** The sum of {@code field} over every accepted metrics post for {@code appId}. */
    long metricsSum(long appId, String field) {
        long sum = 0;
        for (JsonObject post : metrics) {
            for (Object o : post.getJsonArray("apps")) {
                JsonObject app = (JsonObject) o;
                if (app.getLong("appId") == appId) {
                    sum += field.equals("latency")
                            ? app.getJsonArray("latency").stream().mapToLong(n -> ((Number) n).longValue()).sum()
                            : app.getLong(field);
                }
            }
        }
        return sum;
    }

    /** The app ids of every wake post, in order (refused ones included). */
    List<Long> wakes() {
        return wakes;
    }

    /** Wake posts are answered with this status (204 by default; 503 to make them fail). */
    void answerWakes(int status) {
        wakeStatus = status;
    }

    static JsonObject idleRoute(String host, long appId) {
        return route(host, "", appId).put("idle", true);
    }

    int tableCalls() {
        return tableCalls.get();
    }

    /** The {@code X-Paas-Router} header of the last table call. */
    String lastRouterId() {
        return lastRouterId;
    }

    private void handle(HttpServerRequest req) {
        if (!("Bearer " + KEY).equals(req.getHeader("Authorization"))) {
            req.response().setStatusCode(401).end("{\"code\":\"UNAUTHENTICATED\",\"message\":\"wrong router key\"}");
            return;
        }
        if (req.path().equals("/v1/routing/table")) {
            tableCalls.incrementAndGet();
            lastRouterId = req.getHeader("X-Paas-Router");
            long known = Long.parseLong(req.getParam("version", "0"));
            long wait = Long.parseLong(req.getParam("waitSeconds", "0"));
            if (known == 0 || known != table.getLong("version") || wait == 0) {
                answerTable(req);
                return;
            }
            waiting.add(req);
            if (known != table.getLong("version") && waiting.remove(req)) {
                answerTable(req); // published while this one was being parked
                return;
            }
            long timer = vertx.setTimer(wait * 1000, id -> {
                if (waiting.remove(req)) {
                    answerTable(req);
                }
            });
            req.connection().closeHandler(v -> {
                waiting.remove(req);
                vertx.cancelTimer(timer);
            });
        } else if (req.path().equals("/v1/routing/access-logs") && req.method().name().equals("POST")) {
            req.body().onSuccess(body -> {
                batches.add(body.toJsonObject());
                req.response().setStatusCode(204).end();
            });
        } else if (req.path().equals("/v1/routing/wake") && req.method().name().equals("POST")) {
            req.body().onSuccess(body -> {
                wakes.add(body.toJsonObject().getLong("appId"));
                int status = wakeStatus;
                req.response().setStatusCode(status).end(status == 204 ? ""
                        : "{\"code\":\"DATABASE_UNAVAILABLE\",\"message\":\"try later\"}");
            });
        } else if (req.path().equals("/v1/routing/metrics") && req.method().name().equals("POST")) {
            req.body().onSuccess(body -> {
                if (refuseMetrics) {
                    metricsRefused.incrementAndGet();
                    req.response().setStatusCode(503).end("{\"code\":\"DATABASE_UNAVAILABLE\",\"message\":\"try later\"}");
                    return;
                }
                metrics.add(body.toJsonObject());
                req.response().setStatusCode(204).end();
            });
        } else {
            req.response().setStatusCode(404).end();
        }
    }

    private void answerTable(HttpServerRequest req) {
        if (!req.response().closed()) {
            req.response().putHeader("Content-Type", "application/json").end(table.encode());
        }
    }
}
