import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The e2e's app bound to a managed PostgreSQL: what a Spring or plain JDBC app does with
 * Cloud Foundry's VCAP_SERVICES. {@code GET /note?text=T} inserts T through the binding's
 * {@code jdbcUrl} and answers every row; {@code GET /try?url=JDBC_URL} only connects (the test
 * gives the credentials of a binding that is gone); {@code GET /vcap} says whether a binding is
 * there and its label. Uses the PostgreSQL JDBC driver from Maven Central, packed in the jar.
 */
public final class PgApp {

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 16);
        server.createContext("/note", ex -> answer(ex, note(query(ex, "text"))));
        server.createContext("/try", ex -> answer(ex, tryConnect(query(ex, "url"))));
        server.createContext("/vcap", ex -> answer(ex, vcap()));
        server.createContext("/", ex -> answer(ex, new Reply(200, "pgapp\n")));
        server.start();
        System.out.println("pgapp listening on " + port);
    }

    record Reply(int status, String body) {
    }

    static Reply vcap() {
        String vcap = System.getenv().getOrDefault("VCAP_SERVICES", "{}");
        Matcher label = Pattern.compile("\"label\"\\s*:\\s*\"([^\"]+)\"").matcher(vcap);
        return new Reply(200, (jdbcUrl() == null ? "no binding" : "bound") + (label.find() ? " label=" + label.group(1) : "") + "\n");
    }

    static String jdbcUrl() {
        Matcher m = Pattern.compile("\"jdbcUrl\"\\s*:\\s*\"([^\"]+)\"")
                .matcher(System.getenv().getOrDefault("VCAP_SERVICES", "{}"));
        return m.find() ? m.group(1).replace("\\u0026", "&").replace("\\/", "/") : null;
    }

    static Reply note(String text) {
        String url = jdbcUrl();
        if (url == null) {
            return new Reply(503, "no jdbcUrl in VCAP_SERVICES\n");
        }
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS notes (id SERIAL PRIMARY KEY, text TEXT NOT NULL)");
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO notes (text) VALUES (?)")) {
                p.setString(1, text == null ? "" : text);
                p.executeUpdate();
            }
            StringBuilder out = new StringBuilder();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT id, text FROM notes ORDER BY id")) {
                while (r.next()) {
                    out.append(r.getInt(1)).append(' ').append(r.getString(2)).append('\n');
                }
            }
            return new Reply(200, out.toString());
        } catch (SQLException e) {
            return new Reply(500, "db-error " + e.getSQLState() + ": " + e.getMessage() + "\n");
        }
    }

    static Reply tryConnect(String url) {
        if (url == null) {
            return new Reply(400, "url missing\n");
        }
        try (Connection c = DriverManager.getConnection(url + (url.contains("?") ? "&" : "?") + "connectTimeout=5")) {
            return new Reply(200, "connected\n");
        } catch (SQLException e) {
            return new Reply(502, "db-error " + e.getSQLState() + ": " + e.getMessage() + "\n");
        }
    }

    static String query(HttpExchange ex, String name) {
        String q = ex.getRequestURI().getRawQuery();
        if (q == null) {
            return null;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    static void answer(HttpExchange ex, Reply reply) throws IOException {
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(reply.status(), body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
