package dev.paas.imagefactory.oci;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tiny registry for tests (JDK HttpServer on a free loopback port): either serves fixed
 * documents by path ({@link #serving}), or fronts a real registry with token or Basic auth
 * ({@link #tokenAuth}, {@link #basicAuth}).
 */
final class FakeRegistry implements AutoCloseable {

    private final HttpServer server;
    final Map<String, byte[]> documents = new ConcurrentHashMap<>();
    final Map<String, String> types = new ConcurrentHashMap<>();
    /** Path to the absolute URL it redirects to (307). */
    final Map<String, String> redirects = new ConcurrentHashMap<>();
    /** When set, /v2/ paths need {@code Bearer t0ken}, given by /token to anyone. */
    volatile boolean tokenAuth;

    private FakeRegistry(HttpServer server) {
        this.server = server;
    }

    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Serves {@link #documents} (path to bytes), 404 otherwise. */
    static FakeRegistry serving() throws IOException {
        FakeRegistry r = new FakeRegistry(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        r.server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            byte[] body = r.documents.get(path);
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (path.equals("/token")) {
                send(ex, 200, "{\"access_token\":\"t0ken\"}".getBytes(), "application/json");
            } else if (r.tokenAuth && path.startsWith("/v2/") && !"Bearer t0ken".equals(auth)) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + r.host() + "/token\"");
                send(ex, 401, "{}".getBytes(), "application/json");
            } else if (path.startsWith("/storage/") && auth != null) {
                send(ex, 400, "credentials sent to storage".getBytes(), "text/plain");
            } else if (r.redirects.containsKey(path)) {
                ex.getResponseHeaders().add("Location", r.redirects.get(path));
                send(ex, 307, new byte[0], "text/plain");
            } else if (path.equals("/v2/")) {
                send(ex, 200, "{}".getBytes(), "application/json");
            } else if (body == null) {
                send(ex, 404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}".getBytes(), "application/json");
            } else {
                send(ex, 200, body, r.types.getOrDefault(path, "application/octet-stream"));
            }
        });
        r.server.start();
        return r;
    }

    /** In front of {@code upstream}: Bearer tokens from {@code /token}, given for Basic {@code user:password}. */
    static FakeRegistry tokenAuth(String upstream, String user, String password) throws IOException {
        FakeRegistry r = new FakeRegistry(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        String basic = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        r.server.createContext("/token", ex -> {
            if (basic.equals(ex.getRequestHeaders().getFirst("Authorization"))
                    && ex.getRequestURI().getQuery().contains("service=test")) {
                send(ex, 200, "{\"token\":\"t0ken\"}".getBytes(), "application/json");
            } else {
                send(ex, 401, "{}".getBytes(), "application/json");
            }
        });
        r.server.createContext("/v2/", ex -> {
            if (!"Bearer t0ken".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + r.host()
                        + "/token\",service=\"test\",scope=\"repository:x:pull\"");
                send(ex, 401, "{}".getBytes(), "application/json");
            } else {
                forward(ex, upstream);
            }
        });
        r.server.start();
        return r;
    }

    /** In front of {@code upstream}: Basic auth only. */
    static FakeRegistry basicAuth(String upstream, String user, String password) throws IOException {
        FakeRegistry r = new FakeRegistry(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        String basic = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        r.server.createContext("/v2/", ex -> {
            if (!basic.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"test\"");
                send(ex, 401, "{}".getBytes(), "application/json");
            } else {
                forward(ex, upstream);
            }
        });
        r.server.start();
        return r;
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static void forward(HttpExchange ex, String upstream) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + upstream + ex.getRequestURI())).GET();
        String accept = ex.getRequestHeaders().getFirst("Accept");
        if (accept != null) {
            b.header("Accept", accept);
        }
        try {
            HttpResponse<byte[]> res = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            send(ex, res.statusCode(), res.body(), res.headers().firstValue("Content-Type").orElse("application/octet-stream"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(ex, 502, new byte[0], "text/plain");
        }
    }

    private static void send(HttpExchange ex, int status, byte[] body, String type) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
