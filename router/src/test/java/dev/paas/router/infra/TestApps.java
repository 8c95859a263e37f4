package dev.paas.router.infra;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Apps and a client for router tests: real Vert.x servers on 127.0.0.1, each answering with its
 * name and what it received; ports that refuse connections; synchronous requests with a Host.
 */
final class TestApps implements AutoCloseable {

    /** What a test client got back. */
    record Reply(int status, MultiMap headers, Buffer body) {
        JsonObject json() {
            return body.toJsonObject();
        }

        String text() {
            return body.toString();
        }
    }

    /** A running app: its name and address. */
    /** {@code connections}: how many connections the app has accepted so far; {@code requests}: requests it began to read. */
    record App(String name, HttpServer server, AtomicInteger connections, AtomicInteger requests) {
        String endpoint() {
            return "127.0.0.1:" + server.actualPort();
        }
    }

    private final Vertx vertx;
    private final Context context;
    private final HttpClient client;
    private final List<HttpServer> servers = new ArrayList<>();

    TestApps(Vertx vertx) {
        this.vertx = vertx;
        // Every client call runs on this one context. Called from the test thread, each call
        // would get a context of its own, and a response could then be handled on another
        // thread than its pooled connection's, racing its body against the handlers.
        this.context = vertx.getOrCreateContext();
        this.client = vertx.createHttpClient();
    }

    /** Runs {@code call} (which uses {@link #client()}) on the client's context. */
    <T> Future<T> onClient(Supplier<Future<T>> call) {
        Promise<T> done = Promise.promise();
        context.runOnContext(v -> call.get().onComplete(done));
        return done.future();
    }

    /**
     * An app that answers every request with JSON: its name, method, uri, the headers it saw and
     * the size of the body it read. {@code GET /bytes/N} streams N bytes back; WebSockets echo.
     */
    App start(String name) throws Exception {
        AtomicInteger connections = new AtomicInteger();
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = vertx.createHttpServer()
                .connectionHandler(c -> connections.incrementAndGet())
                .webSocketHandler(ws -> ws.handler(buf -> ws.writeTextMessage(
                        name + ":" + buf + ":" + ws.headers().get("X-Forwarded-For"))))
                .requestHandler(req -> {
                    requests.incrementAndGet();
                    handle(name, req);
                });
        server = await(server.listen(0, "127.0.0.1"));
        servers.add(server);
        return new App(name, server, connections, requests);
    }

    private static void handle(String name, HttpServerRequest req) {
        if (req.path().equals("/close")) {
            req.connection().close(); // an app that dies mid-request
            return;
        }
        if (req.path().startsWith("/cut/")) {
            // Promises 1 MB, sends N bytes, then dies: a response that breaks off mid-body.
            var resp = req.response().putHeader("Content-Length", "1048576");
            resp.write(Buffer.buffer(new byte[Integer.parseInt(req.path().substring("/cut/".length()))]))
                    .onComplete(v -> Vertx.currentContext().owner().setTimer(50, t -> req.connection().close()));
            return;
        }
        if (req.path().startsWith("/slow/")) {
            long ms = Long.parseLong(req.path().substring("/slow/".length()));
            Vertx.currentContext().owner().setTimer(ms, t -> req.response().end("slow"));
            return;
        }
        if (req.path().startsWith("/status/")) {
            req.response().setStatusCode(Integer.parseInt(req.path().substring("/status/".length()))).end();
            return;
        }
        if (req.path().startsWith("/bytes/")) {
            stream(req, Long.parseLong(req.path().substring("/bytes/".length())));
            return;
        }
        long[] received = {0};
        req.handler(buf -> received[0] += buf.length());
        req.endHandler(v -> {
            JsonObject headers = new JsonObject();
            req.headers().forEach(e -> headers.put(e.getKey().toLowerCase(), e.getValue()));
            req.response().putHeader("Content-Type", "application/json").putHeader("X-App", name)
                    .end(new JsonObject().put("app", name).put("method", req.method().name()).put("uri", req.uri())
                            .put("headers", headers).put("bodyBytes", received[0]).encode());
        });
    }

    /** Writes {@code total} bytes in 64 KB chunks, waiting whenever the client is slow. */
    private static void stream(HttpServerRequest req, long total) {
        var resp = req.response().setChunked(true);
        Buffer chunk = Buffer.buffer(new byte[64 * 1024]);
        long[] left = {total};
        Runnable[] pump = new Runnable[1];
        pump[0] = () -> {
            while (left[0] > 0 && !resp.writeQueueFull()) {
                int n = (int) Math.min(chunk.length(), left[0]);
                resp.write(n == chunk.length() ? chunk : chunk.getBuffer(0, n));
                left[0] -= n;
            }
            if (left[0] == 0) {
                resp.end();
            } else {
                resp.drainHandler(v -> pump[0].run());
            }
        };
        pump[0].run();
    }

    /** A port nothing listens on: connections to it are refused. */
    static String deadEndpoint() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return "127.0.0.1:" + s.getLocalPort();
        }
    }

    Reply get(int port, String host, String path) throws Exception {
        return send(HttpMethod.GET, port, host, path, Map.of(), null);
    }

    Reply send(HttpMethod method, int port, String host, String path, Map<String, String> headers, Buffer body)
            throws Exception {
        RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port)
                .setURI(path).putHeader("Host", host);
        headers.forEach(options::putHeader);
        return await(onClient(() -> client.request(options)
                .compose(req -> (body == null ? req.send() : req.send(body)))
                .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(), b)))));
    }

    HttpClient client() {
        return client;
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Polls {@code condition} every 10 ms until it holds; fails after {@code limit}. */
    static void until(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit + " waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() throws Exception {
        for (HttpServer s : servers) {
            await(s.close());
        }
        await(client.close());
    }
}
