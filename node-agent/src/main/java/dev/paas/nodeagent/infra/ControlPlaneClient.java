package dev.paas.nodeagent.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.paas.model.DesiredInstances;
import dev.paas.model.HeartbeatResponse;
import dev.paas.model.NodeHeartbeat;
import dev.paas.model.NodeJoinRequest;
import dev.paas.model.NodeJoinResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.io.IOException;
import java.net.URI;

/**
 * The agent's side of the {@code /v1/agent} protocol (records in {@code dev.paas.model}), over
 * the Vert.x web client. Every method returns a future completed on the caller's context; a
 * non-2xx answer fails it with {@link ControlPlaneException}.
 */
public final class ControlPlaneClient {

    /** Requests other than the long-poll: the control plane answers these at once. */
    static final int CALL_TIMEOUT_MS = 10_000;

    private final WebClient client;
    private final String base;

    public ControlPlaneClient(Vertx vertx, URI controlPlane) {
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setUserAgent("paas-node-agent")
                .setConnectTimeout(5_000)
                .setKeepAlive(true));
        String s = controlPlane.toString();
        this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    public String base() {
        return base;
    }

    public Future<NodeJoinResponse> join(String joinToken, NodeJoinRequest request) {
        return send(HttpMethod.POST, "/v1/agent/join", joinToken, request, CALL_TIMEOUT_MS, NodeJoinResponse.class);
    }

    public Future<HeartbeatResponse> heartbeat(String credential, NodeHeartbeat heartbeat) {
        return send(HttpMethod.PUT, "/v1/agent/heartbeat", credential, heartbeat, CALL_TIMEOUT_MS,
                HeartbeatResponse.class);
    }

    /** Long-poll: answers at once when {@code version} is stale, else within {@code waitSeconds}. */
    public Future<DesiredInstances> desired(String credential, long version, int waitSeconds) {
        return send(HttpMethod.GET, "/v1/agent/desired?version=" + version + "&waitSeconds=" + waitSeconds,
                credential, null, waitSeconds * 1000L + CALL_TIMEOUT_MS, DesiredInstances.class);
    }

    public void close() {
        client.close();
    }

    private <T> Future<T> send(HttpMethod method, String path, String bearer, Object body, long timeoutMs,
                               Class<T> type) {
        HttpRequest<Buffer> req = client.requestAbs(method, base + path)
                .putHeader("Authorization", "Bearer " + bearer)
                .putHeader("Accept", "application/json")
                .timeout(timeoutMs);
        Future<HttpResponse<Buffer>> response;
        if (body == null) {
            response = req.send();
        } else {
            try {
                response = req.putHeader("Content-Type", "application/json")
                        .sendBuffer(Buffer.buffer(Json.MAPPER.writeValueAsBytes(body)));
            } catch (JsonProcessingException e) {
                return Future.failedFuture(e);
            }
        }
        return response.compose(r -> {
            if (r.statusCode() / 100 != 2) {
                String text = r.bodyAsString();
                return Future.failedFuture(new ControlPlaneException(r.statusCode(), method + " " + path + " answered "
                        + r.statusCode() + (text == null ? "" : ": " + abbreviate(text))));
            }
            try {
                return Future.succeededFuture(Json.MAPPER.readValue(r.bodyAsString(), type));
            } catch (IOException e) {
                return Future.failedFuture(new ControlPlaneException(r.statusCode(), method + " " + path
                        + " answered an unreadable body: " + e.getMessage()));
            }
        });
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
