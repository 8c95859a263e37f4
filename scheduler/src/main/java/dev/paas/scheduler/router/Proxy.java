package dev.paas.scheduler.router;

import dev.paas.scheduler.core.RouteIndex;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.util.Optional;

/**
 * The request path of one event loop: route by Host and path, pick an endpoint round robin,
 * connect (trying up to {@code maxTries} endpoints while no byte of the request has been sent),
 * forward with the router's headers, stream both bodies with back-pressure, log one line.
 * Called on its event loop only; one {@link Exchange} per request holds that request's state.
 */
final class Proxy implements Handler<HttpServerRequest> {

    private final HttpClient client;
    private final LiveRoutes routes;
    private final EndpointHealth health;
    private final AccessLog accessLog;
    private final int maxTries;

    Proxy(HttpClient client, LiveRoutes routes, EndpointHealth health, AccessLog accessLog, int maxTries) {
        this.client = client;
        this.routes = routes;
        this.health = health;
        this.accessLog = accessLog;
        this.maxTries = maxTries;
    }

    @Override
    public void handle(HttpServerRequest req) {
        long startNanos = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        String requestId = Headers.requestId(req.getHeader(Headers.X_REQUEST_ID));
        req.response().headers().set(Headers.X_REQUEST_ID, requestId);
        String host = req.getHeader(HttpHeaders.HOST);
        Optional<RouteIndex.Entry<Target>> route = routes.lookup(host, req.path());
        if (route.isEmpty()) {
            // No app, so no app log to write to; the status tells the client what happened.
            reply(req.response(), 404, "unknown-route",
                    "404 Not Found: no app is mapped to " + printable(host) + req.path() + "\n");
            return;
        }
        new Exchange(req, route.get().value(), requestId, startNanos, startMillis).start();
    }

    private static void reply(HttpServerResponse resp, int status, String error, String body) {
        resp.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader(Headers.X_ROUTER_ERROR, error)
                .end(body);
    }

    private static String printable(String host) {
        if (host == null) {
            return "(no Host header)";
        }
        String h = host.length() > 255 ? host.substring(0, 255) : host;
        return h.replaceAll("[^\\x21-\\x7e]", "?");
    }

    /** One request on its way through. Event-loop confined. */
    private final class Exchange {

        private final HttpServerRequest req;
        private final HttpServerResponse resp;
        private final Target target;
        private final String requestId;
        private final long startNanos;
        private final long startMillis;
        private final boolean hasBody;
        private final boolean upgrade;
        private long tried;
        private int tries;
        private HttpClientRequest outgoing;
        private String endpoint;
        private boolean logged;
        private boolean tunnelling;

        Exchange(HttpServerRequest req, Target target, String requestId, long startNanos, long startMillis) {
            this.req = req;
            this.resp = req.response();
            this.target = target;
            this.requestId = requestId;
            this.startNanos = startNanos;
            this.startMillis = startMillis;
            MultiMap h = req.headers();
            String length = h.get(HttpHeaders.CONTENT_LENGTH);
            this.hasBody = h.contains(HttpHeaders.TRANSFER_ENCODING) || (length != null && !length.equals("0"));
            this.upgrade = Headers.isWebSocketUpgrade(req);
        }

        void start() {
            resp.endHandler(v -> log(resp.getStatusCode(), resp.bytesWritten()));
            resp.closeHandler(v -> {
                if (outgoing != null && !tunnelling) {
                    outgoing.reset(); // the client left first: free the app's connection too
                }
                log(499, resp.bytesWritten());
            });
            if (target.backends().length == 0) {
                reply(resp, 503, "no-endpoints",
                        "503 Service Unavailable: no instance of the app at " + printable(target.host())
                                + " is running\n");
                return;
            }
            if (hasBody) {
                req.pause(); // nothing of the body is read until an app has accepted a connection
            }
            connect();
        }

        /** Tries the next endpoint; only connection set-up happens here, so a failure is safe to retry. */
        private void connect() {
            int i = tries < maxTries ? target.pick(tried, health) : -1;
            if (i < 0) {
                if (hasBody) {
                    req.resume();
                }
                reply(resp, 502, "endpoint-failure", "502 Bad Gateway: no instance of the app at "
                        + printable(target.host()) + " accepted a connection (" + tries + " tried)\n");
                return;
            }
            tries++;
            if (i < 64) {
                tried |= 1L << i;
            }
            Backend backend = target.backends()[i];
            RequestOptions options = new RequestOptions()
                    .setMethod(req.method())
                    .setServer(backend.socket())
                    .setHost(backend.host())
                    .setPort(backend.port())
                    .setURI(req.uri());
            client.request(options).onComplete(ar -> {
                if (resp.closed()) {
                    if (ar.succeeded()) {
                        ar.result().reset();
                    }
                    return;
                }
                if (ar.failed()) {
                    boolean wasBad = health.isBad(backend.address());
                    health.markBad(backend.address());
                    if (!wasBad) {
                        Events.warn("router.endpoint-failed", "endpoint", backend.address(), "app", target.app(),
                                "error", Events.describe(ar.cause()), "request-id", requestId);
                    }
                    connect();
                    return;
                }
                endpoint = backend.address();
                send(ar.result());
            });
        }

        private void send(HttpClientRequest out) {
            outgoing = out;
            out.exceptionHandler(t -> { }); // failures arrive through the response future below
            MultiMap h = out.headers();
            h.setAll(req.headers());
            Headers.stripHopByHop(h, upgrade);
            h.remove(HttpHeaders.EXPECT); // the router answered "100 Continue" itself
            Headers.addForwarded(h, req, requestId, startMillis);
            if (upgrade) {
                out.connect().onComplete(ar -> {
                    if (ar.failed()) {
                        failAfterSend(ar.cause());
                    } else if (ar.result().statusCode() == 101) {
                        tunnel(ar.result());
                    } else {
                        respond(ar.result());
                    }
                });
                return;
            }
            out.response().onComplete(ar -> {
                if (ar.succeeded()) {
                    respond(ar.result());
                } else {
                    failAfterSend(ar.cause());
                }
            });
            if (!hasBody) {
                out.end();
                return;
            }
            if (req.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
                out.setChunked(true);
            }
            // A body cut short must not look complete to the app: reset, never end.
            Flow.of(req, out, out::end, () -> out.reset());
        }

        private void respond(HttpClientResponse in) {
            resp.setStatusCode(in.statusCode());
            resp.setStatusMessage(in.statusMessage());
            MultiMap h = resp.headers();
            h.addAll(in.headers());
            Headers.stripHopByHop(h, false);
            h.set(Headers.X_REQUEST_ID, requestId);
            if (!h.contains(HttpHeaders.CONTENT_LENGTH) && req.version() != HttpVersion.HTTP_1_0 && mayHaveBody(in)) {
                resp.setChunked(true);
            }
            Flow.of(in, resp, resp::end, () -> {
                // The app's response broke off: the client must see a broken response, not a short one.
                if (!resp.closed()) {
                    req.connection().close();
                }
            });
        }

        /** RFC 9110 §6.4.1: no body after HEAD, nor in a 1xx, 204 or 304 response. */
        private boolean mayHaveBody(HttpClientResponse in) {
            int status = in.statusCode();
            return req.method() != HttpMethod.HEAD && status >= 200 && status != 204 && status != 304;
        }

        private void tunnel(HttpClientResponse in) {
            tunnelling = true; // logged once, when the session ends
            resp.setStatusCode(101);
            resp.headers().addAll(in.headers());
            resp.headers().set(Headers.X_REQUEST_ID, requestId);
            req.toNetSocket().onComplete(ar -> {
                if (ar.failed()) {
                    in.netSocket().close();
                    return;
                }
                Tunnel.join(ar.result(), in.netSocket(), bytes -> log(101, bytes));
            });
        }

        private void failAfterSend(Throwable cause) {
            Events.warn("router.endpoint-request-failed", "endpoint", endpoint, "app", target.app(),
                    "error", Events.describe(cause), "request-id", requestId);
            if (resp.closed() || resp.ended()) {
                return;
            }
            if (resp.headWritten()) {
                req.connection().close();
                return;
            }
            if (hasBody) {
                req.resume();
            }
            resp.headers().clear();
            resp.headers().set(Headers.X_REQUEST_ID, requestId);
            reply(resp, 502, "endpoint-failure", "502 Bad Gateway: the instance at " + endpoint
                    + " failed before answering\n");
        }

        private void log(int status, long bytes) {
            if (logged || (tunnelling && status != 101)) {
                return;
            }
            logged = true;
            accessLog.offer(new AccessLog.Entry(target.appId(), startMillis, req.getHeader(HttpHeaders.HOST),
                    req.method().name(), req.uri(), status, bytes, (System.nanoTime() - startNanos) / 1_000_000,
                    requestId, endpoint, req.getHeader(HttpHeaders.USER_AGENT),
                    req.remoteAddress() == null ? null : req.remoteAddress().hostAddress()));
        }
    }
}
