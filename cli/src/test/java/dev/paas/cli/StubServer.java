package dev.paas.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny stand-in for the control plane in CLI unit tests: canned answers by method and path
 * (several answers for one key are given in order, the last repeating), every request recorded.
 * Unknown paths answer as the real one does: 404 "no such endpoint".
 */
final class StubServer implements AutoCloseable {

    record Request(String method, String path, String query, String body, String authorization, String contentType) {
    }

    record Reply(int status, String contentType, String body) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Reply>> replies = new ConcurrentHashMap<>();

    StubServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            requests.add(new Request(method, path, exchange.getRequestURI().getRawQuery(), body,
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type")));
            Reply reply = next(method + " " + path);
            byte[] bytes = reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
            if (reply.contentType() != null) {
                exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            }
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(bytes);
                }
            }
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Adds an answer for {@code METHOD path}; answers are given in order, the last one repeats. */
    StubServer on(String method, String path, int status, String json) {
        replies.computeIfAbsent(method + " " + path, k -> new ArrayDeque<>())
                .add(new Reply(status, "application/json", json));
        return this;
    }

    StubServer replies(String method, String path, int status, String contentType, String body) {
        replies.computeIfAbsent(method + " " + path, k -> new ArrayDeque<>()).add(new Reply(status, contentType, body));
        return this;
    }

    StubServer onText(String method, String path, int status, String text) {
        replies.computeIfAbsent(method + " " + path, k -> new ArrayDeque<>())
                .add(new Reply(status, "text/plain", text));
        return this;
    }

    StubServer error(String method, String path, int status, String code, String message) {
        return on(method, path, status, "{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}");
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> requests(String method, String path) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    /** Requests that change something (anything but GET). */
    List<Request> writes() {
        return requests.stream().filter(r -> !r.method().equals("GET")).toList();
    }

    private Reply next(String key) {
        Deque<Reply> q = replies.get(key);
        if (q == null || q.isEmpty()) {
            return new Reply(404, "application/json",
                    "{\"code\":\"NOT_FOUND\",\"message\":\"no such endpoint; see /q/openapi for the API\"}");
        }
        synchronized (q) {
            return q.size() > 1 ? q.poll() : q.peek();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
