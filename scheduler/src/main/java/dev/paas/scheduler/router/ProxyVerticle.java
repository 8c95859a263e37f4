package dev.paas.scheduler.router;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;

/**
 * One event loop's share of the router: a proxy server (Vert.x spreads the connections of one
 * port over the instances) and its own pooled keep-alive client to the apps, so a request never
 * leaves the event loop it arrived on. Deployed once per configured instance.
 */
final class ProxyVerticle extends AbstractVerticle {

    /** Pooled connections per endpoint per event loop; more requests queue for one. */
    private static final int POOL_PER_ENDPOINT = 1024;
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final RouterConfig config;
    private final int port;
    private final LiveRoutes routes;
    private final EndpointHealth health;
    private final AccessLog accessLog;
    private volatile int actualPort;
    private HttpClient client;

    ProxyVerticle(RouterConfig config, int port, LiveRoutes routes, EndpointHealth health, AccessLog accessLog) {
        this.config = config;
        this.port = port;
        this.routes = routes;
        this.health = health;
        this.accessLog = accessLog;
    }

    @Override
    public void start(Promise<Void> started) {
        var tuning = config.tuning();
        client = vertx.httpClientBuilder()
                .with(new HttpClientOptions()
                        .setKeepAlive(true)
                        .setKeepAliveTimeout((int) Math.max(1, tuning.idleKeepAlive().toSeconds()))
                        .setConnectTimeout((int) tuning.connectTimeout().toMillis())
                        .setTcpNoDelay(true)
                        .setMaxHeaderSize(MAX_HEADER_BYTES)
                        .setMaxInitialLineLength(MAX_HEADER_BYTES))
                .with(new PoolOptions().setHttp1MaxSize(POOL_PER_ENDPOINT))
                .build();
        HttpServer server = vertx.createHttpServer(new HttpServerOptions()
                .setTcpNoDelay(true)
                .setHandle100ContinueAutomatically(true)
                // WebSockets are tunnelled as bytes, never decoded here: no extension handler in
                // the pipeline (it would sit in the way of every response).
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false)
                .setMaxHeaderSize(MAX_HEADER_BYTES)
                .setMaxInitialLineLength(MAX_HEADER_BYTES));
        server.requestHandler(new Proxy(client, routes, health, accessLog, tuning.maxTries()))
                .listen(port, config.bind())
                .onSuccess(s -> {
                    actualPort = s.actualPort();
                    started.complete();
                })
                .onFailure(started::fail);
    }

    int actualPort() {
        return actualPort;
    }
}
