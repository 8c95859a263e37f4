package dev.paas.nodeagent.infra;

import dev.paas.model.HealthCheck;
import dev.paas.nodeagent.core.GuestApp;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.time.Duration;

/**
 * Runs one health check try against an instance's forwarded port and completes with
 * {@code null} on success or the failure's description. Callbacks run on the caller's context.
 *
 * <p>QEMU's user-mode network accepts a connection on the host port before the guest has
 * answered, so a bare TCP connect proves nothing about the app. While starting, the port check
 * therefore relies on the init, which watches the guest's socket tables and says when the app
 * listens ({@link GuestApp}); then a plain connect proves the host's forward. An image with an
 * older init says nothing of the kind: for it, and for liveness once RUNNING, the connection must
 * survive a window instead (a guest with nothing on the port answers the forwarded SYN with a
 * reset, and QEMU then closes our socket).
 */
final class HealthProber {

    /**
     * How long a port-check connection must stay open to count as accepted by the guest: long
     * while starting (a busy TCG guest may take a while to reset a connection to a closed port),
     * short once RUNNING (a single-threaded app is blocked on our idle connection meanwhile).
     * 1 s was seen to be too short under load: a new instance reset the first request routed to
     * it during a rolling deploy (e2e, 1 request in 6 runs). A heuristic, so the starting window
     * is only the fallback for images whose init does not report listening (no "watch-port=").
     */
    static final Duration PORT_SETTLE_STARTING = Duration.ofSeconds(2);
    static final Duration PORT_SETTLE_RUNNING = Duration.ofMillis(200);

    private final Vertx vertx;
    private final NetClient net;
    private final WebClient web;
    private final Duration timeout;

    HealthProber(Vertx vertx, Duration timeout) {
        this.vertx = vertx;
        this.timeout = timeout;
        this.net = vertx.createNetClient(new NetClientOptions().setConnectTimeout((int) timeout.toMillis()));
        this.web = WebClient.create(vertx, new WebClientOptions().setKeepAlive(false)
                .setConnectTimeout((int) timeout.toMillis()).setUserAgent("paas-health-check"));
    }

    /**
     * @param how the port check's mode (see {@link GuestApp#portCheck}); other checks ignore it
     * @return a future with null when healthy, else why not
     */
    Future<String> probe(HealthCheck check, String host, int port, GuestApp.PortCheck how) {
        return switch (check.type()) {
            case PROCESS -> Future.succeededFuture(null);  // liveness of the process is the driver's inspect
            case PORT -> switch (how) {
                case NOT_STARTED -> Future.succeededFuture("the app has not been started yet");
                case NOT_LISTENING -> Future.succeededFuture("the app does not listen on its port yet");
                case CONNECT -> port(host, port, Duration.ZERO);
                case SETTLE_STARTING -> port(host, port, PORT_SETTLE_STARTING);
                case SETTLE_RUNNING -> port(host, port, PORT_SETTLE_RUNNING);
            };
            case HTTP -> http(host, port, check.endpoint() == null || check.endpoint().isBlank() ? "/" : check.endpoint());
        };
    }

    /** A connection to the forwarded port that stays open for {@code settle} (zero: connecting is enough). */
    private Future<String> port(String host, int port, Duration settle) {
        Promise<String> result = Promise.promise();
        net.connect(port, host).onComplete(ar -> {
            if (ar.failed()) {
                result.tryComplete("port " + port + ": " + ar.cause().getMessage());
                return;
            }
            var socket = ar.result();
            if (settle.isZero()) {
                result.tryComplete(null);
                socket.close();
                return;
            }
            socket.closeHandler(v -> result.tryComplete("connection closed by the guest: nothing listens on the app's port"));
            socket.exceptionHandler(e -> result.tryComplete("port " + port + ": " + e.getMessage()));
            socket.handler(b -> result.tryComplete(null));  // the app spoke first: it is there
            vertx.setTimer(settle.toMillis(), t -> {
                result.tryComplete(null);
                socket.close();
            });
        });
        return result.future();
    }

    private Future<String> http(String host, int port, String endpoint) {
        String path = endpoint.startsWith("/") ? endpoint : "/" + endpoint;
        return web.get(port, host, path).timeout(timeout.toMillis()).send()
                .map(r -> r.statusCode() / 100 == 2 ? (String) null : "GET " + path + " answered " + r.statusCode())
                .otherwise(e -> "GET " + path + " failed: " + e.getMessage());
    }

    void close() {
        net.close();
        web.close();
    }
}
