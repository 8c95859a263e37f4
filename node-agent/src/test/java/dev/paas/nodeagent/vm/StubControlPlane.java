package dev.paas.nodeagent.vm;

import dev.paas.model.DesiredInstance;
import dev.paas.model.DesiredInstances;
import dev.paas.model.ErrorBody;
import dev.paas.model.ErrorCode;
import dev.paas.model.HeartbeatResponse;
import dev.paas.model.NodeHeartbeat;
import dev.paas.model.NodeJoinRequest;
import dev.paas.model.NodeJoinResponse;
import dev.paas.model.NodeState;
import dev.paas.nodeagent.infra.Json;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A small in-test stand-in for the control plane's {@code /v1/agent} endpoints, for the node
 * agent's component tests only (the real end-to-end test runs against the real control plane).
 */
final class StubControlPlane implements AutoCloseable {

    static final String JOIN_TOKEN = "paas_jt_good";
    static final String CREDENTIAL = "paas_nc_stub-credential";

    final List<NodeJoinRequest> joins = new CopyOnWriteArrayList<>();
    final List<NodeHeartbeat> heartbeats = new CopyOnWriteArrayList<>();
    final Map<String, byte[]> images = new ConcurrentHashMap<>();
    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private volatile DesiredInstances desired = new DesiredInstances(1, List.of());

    StubControlPlane() throws Exception {
        server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    synchronized void desire(List<DesiredInstance> instances) {
        desired = new DesiredInstances(desired.version() + 1, List.copyOf(instances));
    }

    NodeHeartbeat lastHeartbeat() {
        return heartbeats.isEmpty() ? null : heartbeats.get(heartbeats.size() - 1);
    }

    private void handle(HttpServerRequest req) {
        String auth = req.getHeader("Authorization");
        String path = req.path();
        req.body().onSuccess(body -> {
            try {
                if (path.equals("/v1/agent/join")) {
                    if (!("Bearer " + JOIN_TOKEN).equals(auth)) {
                        reply(req, 401, new ErrorBody(ErrorCode.UNAUTHENTICATED, "join token refused"));
                        return;
                    }
                    NodeJoinRequest j = Json.MAPPER.readValue(body.getBytes(), NodeJoinRequest.class);
                    joins.add(j);
                    reply(req, 201, new NodeJoinResponse(1, j.name(), "default", CREDENTIAL, 1));
                    return;
                }
                if (!("Bearer " + CREDENTIAL).equals(auth)) {
                    reply(req, 401, new ErrorBody(ErrorCode.UNAUTHENTICATED, "bad credential"));
                    return;
                }
                if (path.equals("/v1/agent/heartbeat")) {
                    heartbeats.add(Json.MAPPER.readValue(body.getBytes(), NodeHeartbeat.class));
                    reply(req, 200, new HeartbeatResponse(NodeState.READY, desired.version()));
                } else if (path.equals("/v1/agent/desired")) {
                    long version = Long.parseLong(req.getParam("version"));
                    long deadline = System.nanoTime() + Long.parseLong(req.getParam("waitSeconds")) * 1_000_000_000L;
                    poll(req, version, deadline);
                } else if (path.startsWith("/v1/agent/images/")) {
                    byte[] bytes = images.get(path.substring("/v1/agent/images/".length()));
                    if (bytes == null) {
                        reply(req, 404, new ErrorBody(ErrorCode.NOT_FOUND, "no such image"));
                    } else {
                        req.response().putHeader("Content-Type", "application/octet-stream").end(Buffer.buffer(bytes));
                    }
                } else {
                    reply(req, 404, new ErrorBody(ErrorCode.NOT_FOUND, path));
                }
            } catch (Exception e) {
                req.response().setStatusCode(500).end(e.toString());
            }
        });
    }

    private void poll(HttpServerRequest req, long version, long deadline) {
        DesiredInstances d = desired;
        if (d.version() != version || System.nanoTime() > deadline) {
            reply(req, 200, d);
            return;
        }
        vertx.setTimer(100, t -> poll(req, version, deadline));
    }

    private static void reply(HttpServerRequest req, int status, Object body) {
        try {
            req.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(Json.MAPPER.writeValueAsString(body));
        } catch (Exception e) {
            req.response().setStatusCode(500).end();
        }
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
