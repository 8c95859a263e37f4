package dev.paas.nodeagent.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.paas.model.ErrorBody;
import dev.paas.model.ErrorCode;
import dev.paas.nodeagent.core.LogLine;
import dev.paas.nodeagent.core.RingBuffer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The agent's own HTTP endpoint (table in node-agent/README.md). Everything but {@code /healthz}
 * requires {@code Authorization: Bearer <node credential>}, or the credential's SHA-256 in hex:
 * the control plane keeps only that hash and presents it when it fetches logs (as {@code kubectl
 * logs} goes through the API server). Guests reach the host through user-mode networking, so the
 * port must not trust its callers.
 */
public final class AgentServer {

    static final int DEFAULT_RECENT = 100;
    /** How often a follower's stream looks for new lines. */
    static final long FOLLOW_POLL_MS = 200;
    /** A comment line keeps idle streams (and proxies between) from timing out. */
    static final long FOLLOW_KEEPALIVE_MS = 15_000;

    /** One log line on the wire. */
    public record LogEntry(long seq, Instant timestamp, LogLine.Channel channel, int index, String text) {
        static LogEntry of(RingBuffer.Entry<LogLine> e) {
            LogLine l = e.value();
            return new LogEntry(e.seq(), l.at(), l.channel(), l.index(), l.text());
        }
    }

    private final Vertx vertx;
    private final Supervisor supervisor;
    private final Supplier<String> credential;
    private final PrometheusMeterRegistry registry;
    private HttpServer server;

    public AgentServer(Vertx vertx, Supervisor supervisor, Supplier<String> credential, PrometheusMeterRegistry registry) {
        this.vertx = vertx;
        this.supervisor = supervisor;
        this.credential = credential;
        this.registry = registry;
    }

    public Future<HttpServer> listen(String host, int port) {
        Router router = Router.router(vertx);
        router.get("/healthz").handler(rc -> rc.response().putHeader("Content-Type", "text/plain").end("ok\n"));
        router.route().handler(this::authenticate);
        router.get("/metrics").handler(rc -> rc.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(registry.scrape()));
        router.get("/v1/instances").handler(rc -> json(rc, 200, supervisor.snapshot().reports()));
        router.get("/v1/instances/:id/logs").handler(this::recent);
        router.get("/v1/instances/:id/logs/follow").handler(this::follow);
        router.route().last().handler(rc -> error(rc, 404, ErrorCode.NOT_FOUND, "no such endpoint: " + rc.request().path()));
        server = vertx.createHttpServer(new HttpServerOptions().setIdleTimeout(0));
        return server.requestHandler(router).listen(port, host);
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    public int port() {
        return server.actualPort();
    }

    static String sha256Hex(String s) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void authenticate(RoutingContext rc) {
        String header = rc.request().getHeader("Authorization");
        String expected = credential.get();
        if (header != null && expected != null && header.startsWith("Bearer ")) {
            byte[] sent = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
            if (MessageDigest.isEqual(sent, expected.getBytes(StandardCharsets.UTF_8))
                    || MessageDigest.isEqual(sent, sha256Hex(expected).getBytes(StandardCharsets.UTF_8))) {
                rc.next();
                return;
            }
        }
        rc.response().putHeader("WWW-Authenticate", "Bearer");
        error(rc, 401, ErrorCode.UNAUTHENTICATED, "send Authorization: Bearer <node credential>");
    }

    private void recent(RoutingContext rc) {
        Optional<RingBuffer<LogLine>> buffer = buffer(rc);
        if (buffer.isEmpty()) {
            return;
        }
        Optional<Integer> n = count(rc, "recent", DEFAULT_RECENT);
        if (n.isEmpty()) {
            return;
        }
        json(rc, 200, buffer.get().recent(n.get()).stream().map(LogEntry::of).toList());
    }

    /** Server-sent events: the last {@code recent} lines (default 0), then every new line. */
    private void follow(RoutingContext rc) {
        Optional<RingBuffer<LogLine>> found = buffer(rc);
        if (found.isEmpty()) {
            return;
        }
        Optional<Integer> n = count(rc, "recent", 0);
        if (n.isEmpty()) {
            return;
        }
        RingBuffer<LogLine> buffer = found.get();
        HttpServerResponse res = rc.response().setChunked(true)
                .putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache");
        long[] last = {buffer.lastSeq() - Math.min(n.get(), buffer.size())};
        long[] lastWrite = {System.nanoTime()};
        Runnable pump = () -> {
            List<RingBuffer.Entry<LogLine>> lines = buffer.after(last[0]);
            StringBuilder out = new StringBuilder();
            for (RingBuffer.Entry<LogLine> e : lines) {
                try {
                    out.append("id: ").append(e.seq()).append("\ndata: ")
                            .append(Json.MAPPER.writeValueAsString(LogEntry.of(e))).append("\n\n");
                } catch (JsonProcessingException ex) {
                    throw new IllegalStateException(ex);
                }
                last[0] = e.seq();
            }
            if (out.length() == 0 && System.nanoTime() - lastWrite[0] > FOLLOW_KEEPALIVE_MS * 1_000_000) {
                out.append(": keep-alive\n\n");
            }
            if (out.length() > 0 && !res.closed() && !res.writeQueueFull()) {
                res.write(out.toString());
                lastWrite[0] = System.nanoTime();
            }
        };
        res.write(": following instance " + rc.pathParam("id") + "\n\n");
        pump.run();
        long timer = vertx.setPeriodic(FOLLOW_POLL_MS, t -> pump.run());
        res.closeHandler(v -> vertx.cancelTimer(timer));
        res.exceptionHandler(e -> vertx.cancelTimer(timer));
    }

    private Optional<RingBuffer<LogLine>> buffer(RoutingContext rc) {
        long id;
        try {
            id = Long.parseLong(rc.pathParam("id"));
        } catch (NumberFormatException e) {
            error(rc, 400, ErrorCode.INVALID_FIELD, "instance id must be a number, got: " + rc.pathParam("id"));
            return Optional.empty();
        }
        Optional<RingBuffer<LogLine>> b = supervisor.logs(id);
        if (b.isEmpty()) {
            error(rc, 404, ErrorCode.NOT_FOUND, "instance " + id + " is not on this node");
        }
        return b;
    }

    private static Optional<Integer> count(RoutingContext rc, String param, int dflt) {
        String v = rc.request().getParam(param);
        if (v == null) {
            return Optional.of(dflt);
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 0 && n <= InstanceLogs.LINES) {
                return Optional.of(n);
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        error(rc, 400, ErrorCode.INVALID_FIELD, param + " must be between 0 and " + InstanceLogs.LINES + ", got: " + v);
        return Optional.empty();
    }

    private static void json(RoutingContext rc, int status, Object body) {
        try {
            rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(Json.MAPPER.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            rc.fail(e);
        }
    }

    private static void error(RoutingContext rc, int status, ErrorCode code, String message) {
        json(rc, status, new ErrorBody(code, message));
    }
}
