package dev.paas.router.infra;

import dev.paas.router.api.RouterConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running router: the proxy on {@link #port()}, {@code /health} on {@link #adminPort()},
 * the table watcher and the access-log shipper. {@link #start} returns once it listens; it
 * answers 503 "starting" (with {@code Retry-After}) to everything until the first table arrives
 * (and {@code /health} says 503 {@code STARTING}).
 * Getters are for {@code /health} and tests; any thread may call them.
 */
public final class Router implements AutoCloseable {

    private final Vertx vertx;
    private final ProxyServer proxy;
    private final LiveRoutes routes;
    private final EndpointHealth health;
    private final AccessLog accessLog;
    private final TableWatcher watcher;
    private final AccessLogShipper shipper;
    private final RequestMetrics metrics;
    private final MetricsShipper metricsShipper;
    private final byte[] adminKey;
    private volatile int adminPort;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Router(Vertx vertx, ProxyServer proxy, LiveRoutes routes, EndpointHealth health, AccessLog accessLog, TableWatcher watcher,
                   AccessLogShipper shipper, RequestMetrics metrics, MetricsShipper metricsShipper, String routerKey) {
        this.vertx = vertx;
        this.adminKey = ("Bearer " + routerKey).getBytes(StandardCharsets.UTF_8);
        this.proxy = proxy;
        this.routes = routes;
        this.health = health;
        this.accessLog = accessLog;
        this.watcher = watcher;
        this.shipper = shipper;
        this.metrics = metrics;
        this.metricsShipper = metricsShipper;
    }

    /** Starts listening and following the table; fails if a port cannot be bound. */
    public static Router start(RouterConfig config) throws Exception {
        // One event loop for the control-plane client and /health; the proxy has loops of its own.
        Vertx vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(1)
                .setWorkerPoolSize(2)
                .setPreferNativeTransport(true));
        try {
            return start(vertx, config);
        } catch (Exception | Error e) {
            vertx.close();
            throw e;
        }
    }

    private static Router start(Vertx vertx, RouterConfig config) throws Exception {
        RouterConfig.Tuning tuning = config.tuning();
        RequestMetrics metrics = new RequestMetrics();
        LiveRoutes routes = new LiveRoutes(metrics);
        EndpointHealth health = new EndpointHealth(tuning.badFor().toNanos(), System::nanoTime);
        AccessLog accessLog = new AccessLog(tuning.logQueue());
        Holds holds = new Holds(tuning.maxHeld(), tuning.wakeWait().toNanos(), routes);
        routes.releaseInto(holds);

        ProxyServer proxy = ProxyServer.start(config, routes, health, accessLog, holds);
        try {
            return startAround(vertx, config, proxy, routes, health, accessLog, metrics, holds);
        } catch (Exception | Error e) {
            proxy.close(); // its loops are not Vert.x's: closing Vert.x would leave it listening
            throw e;
        }
    }

    /** The control-plane client, the watcher, the shipper and /health around a listening proxy. */
    private static Router startAround(Vertx vertx, RouterConfig config, ProxyServer proxy, LiveRoutes routes,
                                      EndpointHealth health, AccessLog accessLog, RequestMetrics metrics, Holds holds)
            throws Exception {
        var tuning = config.tuning();
        HttpClient cpClient = vertx.createHttpClient(new HttpClientOptions()
                .setKeepAlive(true)
                .setConnectTimeout((int) tuning.connectTimeout().toMillis())
                .setMaxPoolSize(4));
        // The name plus a per-process suffix: a restarted router is a new router to the control
        // plane, whose drain bookkeeping then forgets the old one once its long-poll lapses.
        String routerId = config.name() + "/" + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
        ControlPlane controlPlane = new ControlPlane(cpClient, config.controlPlane(), config.routerKey(), routerId);
        // One context for both users of the control-plane client: a pooled connection then always
        // serves requests on the thread that owns it.
        Context control = vertx.getOrCreateContext();
        TableWatcher watcher = new TableWatcher(control, controlPlane, routes, tuning);
        holds.start(control, controlPlane::wake);
        AccessLogShipper shipper = new AccessLogShipper(control, controlPlane, accessLog, config.name(), tuning);

        MetricsShipper metricsShipper = new MetricsShipper(control, controlPlane, metrics, config.name(), tuning.flushEvery());
        Router router = new Router(vertx, proxy, routes, health, accessLog, watcher, shipper, metrics, metricsShipper,
                config.routerKey());
        HttpServer admin = await(vertx.createHttpServer().requestHandler(router::admin)
                .listen(config.adminPort(), config.adminBind()));
        router.adminPort = admin.actualPort();
        watcher.start();
        shipper.start();
        metricsShipper.start();
        Events.info("router.started", "port", proxy.port(), "admin-port", admin.actualPort(), "bind", config.bind(), "admin-bind", config.adminBind(),
                "instances", config.instances(), "control-plane", config.controlPlane(),
                "native-transport", proxy.nativeTransport());
        return router;
    }

    public int port() {
        return proxy.port();
    }

    public int adminPort() {
        return adminPort;
    }

    /** Version of the table served; 0 before the first one arrived. */
    public long tableVersion() {
        return routes.current().version();
    }

    public long tableFetchFailures() {
        return watcher.failures();
    }

    /** Endpoints skipped now because they refused a connection lately. */
    public Set<String> badEndpoints() {
        return health.bad();
    }

    /** Requests held now while their apps wake from zero. */
    public int heldRequests() {
        return proxy.holds.held();
    }

    public long accessLogSent() {
        return accessLog.sent();
    }

    public long accessLogDropped() {
        return accessLog.dropped();
    }

    /**
     * Stops following the table, sends the queued access log (briefly), closes every connection.
     * Closing again does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        watcher.stop();
        proxy.close();
        try {
            shipper.stop().toCompletionStage().toCompletableFuture().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            Events.warn("router.access-log-final-flush-failed", "error", Events.describe(e));
        }
        try {
            metricsShipper.stop().toCompletionStage().toCompletableFuture().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            Events.warn("router.metrics-final-flush-failed", "error", Events.describe(e));
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            Events.warn("router.close-failed", "error", Events.describe(e));
        }
        Events.info("router.stopped", "port", proxy.port());
    }

    /**
     * {@code GET /health} with {@code Authorization: Bearer <router key>}: 200 once a table is
     * served, else 503; the body says what the router knows. {@code GET /metrics}: every app's
     * request counters since the router started ({@link RequestMetrics#json}). Any request without the key is a 401,
     * whatever its path (the port says nothing to strangers).
     */
    private void admin(HttpServerRequest req) {
        String auth = req.getHeader("Authorization");
        if (auth == null || !MessageDigest.isEqual(adminKey, auth.getBytes(StandardCharsets.UTF_8))) {
            req.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer realm=\"paas-router\"")
                    .putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("401 Unauthorized: the router's admin port needs 'Authorization: Bearer <router key>' "
                            + "(the key the router uses for the control plane)\n");
            return;
        }
        if ("/metrics".equals(req.path())) {
            req.response().putHeader("Content-Type", "application/json").end(metrics.json().encode());
            return;
        }
        if (!"/health".equals(req.path())) {
            req.response().setStatusCode(404).end("404 Not Found: the router's admin port serves /health and /metrics\n");
            return;
        }
        LiveRoutes.Snapshot table = routes.current();
        boolean up = table.version() != 0;
        JsonObject body = new JsonObject()
                .put("status", up ? "UP" : "STARTING")
                .put("tableVersion", table.version())
                .put("routes", table.index().size())
                .put("tableLoadedAt", up ? Instant.ofEpochMilli(table.loadedAtMillis()).toString() : null)
                .put("tableFetchFailures", watcher.failures())
                .put("lastFetchError", watcher.lastError())
                .put("badEndpoints", new JsonArray(health.bad().stream().sorted().toList()))
                .put("held", new JsonObject()
                        .put("requests", proxy.holds.held())
                        .put("wakePosts", proxy.holds.wakePosts())
                        .put("wakeFailures", proxy.holds.wakeFailures()))
                .put("accessLog", new JsonObject()
                        .put("queued", accessLog.queued())
                        .put("sent", accessLog.sent())
                        .put("dropped", accessLog.dropped()));
        req.response().setStatusCode(up ? 200 : 503)
                .putHeader("Content-Type", "application/json")
                .end(body.encode());
    }

    private static <T> T await(Future<T> f) throws Exception {
        try {
            return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }
}
