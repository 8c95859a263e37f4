import com.sun.net.httpserver.HttpServer;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Java sample app for the image factory's tests and bench/image: prints its heap limit at start
 * and answers every request on $PORT with "hello from java max-memory=<bytes>".
 */
public class Hello {
    public static void main(String[] args) throws Exception {
        long max = Runtime.getRuntime().maxMemory();
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        System.out.println("max-memory=" + max);
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/", exchange -> {
            byte[] body = ("hello from java max-memory=" + max + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        System.out.println("listening on " + port);
    }
}
