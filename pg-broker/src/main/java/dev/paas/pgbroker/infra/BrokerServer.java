package dev.paas.pgbroker.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.paas.pgbroker.api.BrokerConfig;
import dev.paas.pgbroker.core.Catalog;
import dev.paas.pgbroker.core.OsbError;
import dev.paas.pgbroker.core.OsbRequests;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Open Service Broker API v2.17 over the JDK's HTTP server (the endpoint table is in
 * pg-broker/README.md). Every {@code /v2} request needs basic auth (401) and an
 * {@code X-Broker-API-Version} of 2.x (412); bodies and queries are checked by
 * {@link OsbRequests} before anything is touched; errors are {@code {"error", "description"}}.
 * {@code GET /health} needs no credentials and says whether the PostgreSQL server answers.
 */
public final class BrokerServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.paas.pgbroker");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** OSB bodies are small; a larger one is refused before it is read whole. */
    private static final int MAX_BODY = 64 * 1024;

    private final PostgresBroker broker;
    private final HttpServer server;
    private final ExecutorService executor;
    private final byte[] expectedAuth;

    private BrokerServer(BrokerConfig config, PostgresBroker broker) throws IOException {
        this.broker = broker;
        this.expectedAuth = ("Basic " + Base64.getEncoder().encodeToString((config.username() + ":" + config.password())
                .getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8);
        this.server = HttpServer.create(new InetSocketAddress(config.bind(), config.port()), 64);
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "pg-broker-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /**
     * Checks the admin role and the state schema ({@link PostgresBroker#start}), then listens.
     *
     * @throws IllegalStateException when the role must not or cannot be used (a superuser, no CREATEROLE)
     */
    public static BrokerServer start(BrokerConfig config) throws IOException, SQLException {
        PostgresBroker broker = new PostgresBroker(config);
        broker.start();
        BrokerServer s = new BrokerServer(config, broker);
        s.server.start();
        LOG.log(System.Logger.Level.INFO, "broker.started " + config + " port=" + s.port());
        return s;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getRawPath();
            if (path.equals("/health")) {
                boolean ok = broker.healthy();
                send(ex, ok ? 200 : 503, Map.of("status", ok ? "UP" : "DOWN"));
                return;
            }
            if (!path.startsWith("/v2/")) {
                throw new OsbError(404, "NotFound", "no such endpoint: " + path + " (the broker's API is under /v2)");
            }
            checkAuth(ex);
            OsbRequests.checkVersion(ex.getRequestHeaders().getFirst("X-Broker-API-Version"));
            route(ex, path.substring(4).split("/", -1));
        } catch (OsbError e) {
            Map<String, Object> body = new LinkedHashMap<>();
            if (e.error() != null) {
                body.put("error", e.error());
            }
            body.put("description", e.description());
            if (e.status() == 401) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"paas-pg-broker\"");
            }
            send(ex, e.status(), body);
        } catch (SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "broker.request-failed method=" + ex.getRequestMethod() + " path="
                    + ex.getRequestURI().getRawPath() + " error=\"" + e.getMessage() + "\"");
            send(ex, 500, Map.of("error", "InternalError", "description", "the PostgreSQL server refused: " + e.getMessage()));
        } finally {
            ex.close();
        }
    }

    private void route(HttpExchange ex, String[] p) throws IOException, SQLException {
        String method = ex.getRequestMethod();
        if (p.length == 1 && p[0].equals("catalog")) {
            allow(method, "GET");
            send(ex, 200, Catalog.body());
            return;
        }
        if (p.length < 2 || !p[0].equals("service_instances")) {
            throw new OsbError(404, "NotFound", "no such endpoint: " + ex.getRequestURI().getRawPath());
        }
        String instance = OsbRequests.id("instance_id", p[1]);
        if (p.length == 2) {
            if (method.equals("PUT")) {
                OsbRequests.Provision req = OsbRequests.provision(body(ex));
                send(ex, broker.provision(instance, req).created() ? 201 : 200, Map.of());
            } else if (method.equals("DELETE")) {
                OsbRequests.deleteQuery(query(ex));
                send(ex, broker.deprovision(instance) ? 200 : 410, Map.of());
            } else {
                allow(method, "PUT, DELETE");
            }
        } else if (p.length == 3 && p[2].equals("last_operation")) {
            allow(method, "GET");
            // Every operation is synchronous: an instance that exists was provisioned; one that
            // does not is gone (the only case a platform polls for it is after a delete).
            if (broker.exists(instance)) {
                send(ex, 200, Map.of("state", "succeeded"));
            } else {
                send(ex, 410, Map.of());
            }
        } else if (p.length == 4 && p[2].equals("service_bindings")) {
            String binding = OsbRequests.id("binding_id", p[3]);
            if (method.equals("PUT")) {
                OsbRequests.Bind req = OsbRequests.bind(body(ex));
                PostgresBroker.Outcome o = broker.bind(instance, binding, req);
                send(ex, o.created() ? 201 : 200, Map.of("credentials", o.credentials()));
            } else if (method.equals("DELETE")) {
                OsbRequests.deleteQuery(query(ex));
                send(ex, broker.unbind(instance, binding) ? 200 : 410, Map.of());
            } else {
                allow(method, "PUT, DELETE");
            }
        } else {
            throw new OsbError(404, "NotFound", "no such endpoint: " + ex.getRequestURI().getRawPath());
        }
    }

    private static void allow(String method, String allowed) {
        if (!allowed.contains(method)) {
            throw new OsbError(405, "MethodNotAllowed", method + " is not allowed here; use " + allowed);
        }
    }

    private void checkAuth(HttpExchange ex) {
        String given = ex.getRequestHeaders().getFirst("Authorization");
        // Compared in constant time: the answer's timing tells nothing about the password.
        if (given == null || !MessageDigest.isEqual(given.strip().getBytes(StandardCharsets.UTF_8), expectedAuth)) {
            throw new OsbError(401, "Unauthorized", "basic authentication with the broker's user and password is required");
        }
    }

    private static String body(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] b = in.readNBytes(MAX_BODY + 1);
            if (b.length > MAX_BODY) {
                throw OsbError.badRequest("the request body is larger than " + MAX_BODY + " bytes");
            }
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> q = new HashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw == null) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                q.putIfAbsent(k, v);
            } catch (IllegalArgumentException e) {
                throw OsbError.badRequest("the query string is not percent-encoded correctly");
            }
        }
        return q;
    }

    private static void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] b;
        try {
            b = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IOException(e);
        }
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }
}
