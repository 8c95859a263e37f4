import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The control plane as the benchmark's router sees it: a one-route table (long-poll: a router
 * that already has version 1 waits) and an access-log sink that counts lines. JDK only, run as
 * a single source file: {@code java StubControlPlane.java PORT KEY HOST ENDPOINT}.
 */
public class StubControlPlane {

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        String key = args[1];
        String table = "{\"version\":1,\"routes\":[{\"host\":\"" + args[2] + "\",\"path\":\"\",\"appId\":1,"
                + "\"app\":\"bench/app\",\"endpoints\":[\"" + args[3] + "\"]}]}";
        long[] batches = {0};
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/v1/routing/", ex -> {
            try (ex) {
                if (!("Bearer " + key).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                    reply(ex, 401, "{\"code\":\"UNAUTHENTICATED\"}");
                } else if (ex.getRequestURI().getPath().endsWith("/table")) {
                    String q = String.valueOf(ex.getRequestURI().getQuery());
                    if (q.contains("version=1&") || q.endsWith("version=1")) {
                        Thread.sleep(Math.min(60, param(q, "waitSeconds")) * 1000L);
                    }
                    reply(ex, 200, table);
                } else {
                    ex.getRequestBody().readAllBytes();
                    synchronized (batches) {
                        batches[0]++;
                    }
                    ex.sendResponseHeaders(204, -1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        System.out.println("stub control plane on 127.0.0.1:" + port);
    }

    private static long param(String query, String name) {
        for (String kv : query.split("&")) {
            if (kv.startsWith(name + "=")) {
                return Long.parseLong(kv.substring(name.length() + 1));
            }
        }
        return 0;
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }
}
