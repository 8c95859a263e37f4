package dev.paas.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service broker a test scripts: a small Vert.x HTTP server on a free loopback port that
 * speaks just enough OSB v2.17 (basic auth, {@code X-Broker-API-Version}) and answers each kind
 * of request with what the test queued ({@link #script}), then with a good default. It records
 * every request, so a test can see what the platform sent (an orphan-mitigation DELETE, say).
 * {@link Reply#NEVER} never answers (the platform's time-out).
 */
public final class BrokerDouble implements AutoCloseable {

    static final String USER = "broker-user";
    static final String PASSWORD = "broker-pass-never-shown";
    static final ObjectMapper JSON = new ObjectMapper();

    /** The kinds of OSB request. */
    public enum Op { CATALOG, PROVISION, DEPROVISION, LAST_OPERATION, BIND, UNBIND }

    /** A canned answer; {@code status} 0 never answers. */
    public record Reply(int status, String body) {
        public static final Reply NEVER = new Reply(0, null);

        public static Reply json(int status, Object body) {
            try {
                return new Reply(status, JSON.writeValueAsString(body));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        static Reply inProgress() {
            return json(200, Map.of("state", "in progress", "description", "working"));
        }
    }

    /** One request the double received. */
    public record Request(Op op, String method, String path, Map<String, String> query, Map<String, String> headers, String body) {
        @SuppressWarnings("unchecked")
        Map<String, Object> json() {
            try {
                return JSON.readValue(body, Map.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Map<Op, Deque<Reply>> scripts = new EnumMap<>(Op.class);
    private final List<Request> requests = new ArrayList<>();
    /** The offering and plan names of the catalog (names are unique platform-wide: tests share one database). */
    public final String offering;
    volatile Map<String, Object> credentials;
    volatile String catalog;

    private BrokerDouble(String offering) {
        this.offering = offering;
        this.catalog = catalog(offering, true);
        this.credentials = Map.of("host", "127.0.0.1", "port", 5432, "username", "u", "password", "s3cret-from-broker",
                "uri", "postgres://u:s3cret-from-broker@127.0.0.1:5432/db");
        for (Op op : Op.values()) {
            scripts.put(op, new ArrayDeque<>());
        }
        server = vertx.createHttpServer().requestHandler(this::handle);
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("broker double did not start", e);
        }
    }

    public static BrokerDouble start() {
        return new BrokerDouble(Api.unique("offer"));
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** A catalog with one offering and its plans {@code small} (free) and {@code large} (not free, not bindable). */
    static String catalog(String offering, boolean bindable) {
        Map<String, Object> small = new LinkedHashMap<>();
        small.put("id", offering + "-small-id");
        small.put("name", "small");
        small.put("description", "one small database");
        small.put("free", true);
        Map<String, Object> large = new LinkedHashMap<>();
        large.put("id", offering + "-large-id");
        large.put("name", "large");
        large.put("description", "a large one");
        large.put("free", false);
        large.put("bindable", false);
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("id", offering + "-id");
        service.put("name", offering);
        service.put("description", "a test offering");
        service.put("bindable", bindable);
        service.put("tags", List.of("relational", "test"));
        service.put("plans", List.of(small, large));
        return Reply.json(200, Map.of("services", List.of(service))).body();
    }

    /** Queues answers for the next requests of that kind; after them, the default answer. */
    public synchronized BrokerDouble script(Op op, Reply... replies) {
        for (Reply r : replies) {
            scripts.get(op).add(r);
        }
        return this;
    }

    public synchronized List<Request> requests(Op op) {
        return requests.stream().filter(r -> r.op() == op).toList();
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Forgets requests and scripts. */
    synchronized void reset() {
        requests.clear();
        scripts.values().forEach(Deque::clear);
    }

    private void handle(HttpServerRequest req) {
        req.body().onSuccess(buf -> {
            Op op = op(req.method().name(), req.path());
            Reply reply;
            synchronized (this) {
                Map<String, String> query = new LinkedHashMap<>();
                req.params().forEach(e -> query.put(e.getKey(), e.getValue()));
                Map<String, String> headers = new LinkedHashMap<>();
                req.headers().forEach(e -> headers.put(e.getKey().toLowerCase(), e.getValue()));
                requests.add(new Request(op, req.method().name(), req.path(), query, headers, buf.toString(StandardCharsets.UTF_8)));
                String auth = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
                if (!auth.equals(req.getHeader("Authorization"))) {
                    reply = new Reply(401, "{}");
                } else if (!"2.17".equals(req.getHeader("X-Broker-API-Version"))) {
                    reply = new Reply(412, "{\"description\":\"X-Broker-API-Version 2.17 expected\"}");
                } else if (op == null) {
                    reply = new Reply(404, "{}");
                } else {
                    Reply scripted = scripts.get(op).poll();
                    reply = scripted != null ? scripted : fallback(op);
                }
            }
            if (reply.status() == 0) {
                return; // never answers
            }
            req.response().setStatusCode(reply.status()).putHeader("Content-Type", "application/json").end(reply.body());
        });
    }

    private Reply fallback(Op op) {
        return switch (op) {
            case CATALOG -> new Reply(200, catalog);
            case PROVISION -> new Reply(201, "{}");
            case DEPROVISION, UNBIND -> new Reply(200, "{}");
            case LAST_OPERATION -> Reply.json(200, Map.of("state", "succeeded"));
            case BIND -> Reply.json(201, Map.of("credentials", credentials));
        };
    }

    private static Op op(String method, String path) {
        if (path.equals("/v2/catalog") && method.equals("GET")) {
            return Op.CATALOG;
        }
        if (path.matches("/v2/service_instances/[^/]+/last_operation") && method.equals("GET")) {
            return Op.LAST_OPERATION;
        }
        if (path.matches("/v2/service_instances/[^/]+/service_bindings/[^/]+")) {
            return method.equals("PUT") ? Op.BIND : method.equals("DELETE") ? Op.UNBIND : null;
        }
        if (path.matches("/v2/service_instances/[^/]+")) {
            return method.equals("PUT") ? Op.PROVISION : method.equals("DELETE") ? Op.DEPROVISION : null;
        }
        return null;
    }

    @Override
    public void close() {
        vertx.close();
    }
}
