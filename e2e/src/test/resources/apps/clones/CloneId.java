import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * SnapshotClonesE2ETest's app: on {@code /id} it answers the instance's identity as the platform
 * says it now ({@code /paas/instance.json}, rewritten by the init after a snapshot restore) and 16
 * bytes read from {@code /dev/urandom} for that very request, in hex:
 * {@code {"instance":{...},"random":"<32 hex>"}}. Anything else answers "clone-id".
 */
public class CloneId {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/id", exchange -> {
            String identity = Files.readString(Path.of("/paas/instance.json")).strip();
            byte[] random;
            try (InputStream in = new FileInputStream("/dev/urandom")) {
                random = in.readNBytes(16);
            }
            answer(exchange, "{\"instance\":" + identity + ",\"random\":\"" + HexFormat.of().formatHex(random) + "\"}\n");
        });
        server.createContext("/", exchange -> answer(exchange, "clone-id\n"));
        server.start();
        System.out.println("clone-id listening on " + port);
    }

    private static void answer(HttpExchange exchange, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
