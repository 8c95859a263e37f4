package dev.paas.router.infra;

import dev.paas.model.RoutingTable;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;

/**
 * The router's calls to the control plane, authenticated with the router key. Each answer
 * other than 2xx fails the future with the status and the start of the body. Callable from any
 * thread; the futures complete on the client's context.
 */
final class ControlPlane {

    private final HttpClient client;
    private final URI base;
    private final String authorization;
    private final String routerId;

    ControlPlane(HttpClient client, URI base, String routerKey, String routerId) {
        this.client = client;
        this.base = base;
        this.authorization = "Bearer " + routerKey;
        this.routerId = routerId;
    }

    /**
     * {@code GET /v1/routing/table?version=N&waitSeconds=S}; waits up to S seconds for a change.
     * {@code X-Paas-Router} tells the control plane that this router serves version N meanwhile:
     * it stops an instance it took out of the table only once every router serves a table without
     * it.
     */
    Future<RoutingTable> table(long knownVersion, long waitSeconds) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(tableUrl() + "?version=" + knownVersion + "&waitSeconds=" + waitSeconds)
                .putHeader(HttpHeaders.AUTHORIZATION, authorization)
                .putHeader(HttpHeaders.ACCEPT, "application/json")
                .putHeader("X-Paas-Router", routerId)
                // The long-poll itself plus slack: a silent control plane is a failed fetch.
                .setTimeout((waitSeconds + 10) * 1000);
        return client.request(options)
                .compose(req -> req.send().compose(ControlPlane::body))
                .map(Wire::table);
    }

    /** {@code POST /v1/routing/access-logs} with an {@code AccessLogBatch} of at most 1000 lines. */
    Future<Void> postAccessLogs(Buffer body) {
        return post(accessLogUrl(), body);
    }

    /** {@code POST /v1/routing/metrics} with a {@code RouterMetrics}. */
    Future<Void> postMetrics(Buffer body) {
        return post(metricsUrl(), body);
    }

    /** {@code POST /v1/routing/wake {"appId": N}}: the app, scaled to zero, has a request held here. */
    Future<Void> wake(long appId) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(wakeUrl())
                .putHeader(HttpHeaders.AUTHORIZATION, authorization)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader("X-Paas-Router", routerId)
                .setTimeout(10_000);
        return client.request(options)
                .compose(req -> req.send(Buffer.buffer("{\"appId\":" + appId + "}")).compose(ControlPlane::body))
                .mapEmpty();
    }

    String wakeUrl() {
        return base + "/v1/routing/wake";
    }

    private Future<Void> post(String url, Buffer body) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url)
                .putHeader(HttpHeaders.AUTHORIZATION, authorization)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .setTimeout(10_000);
        return client.request(options)
                .compose(req -> req.send(body).compose(ControlPlane::body))
                .mapEmpty();
    }

    String metricsUrl() {
        return base + "/v1/routing/metrics";
    }

    String tableUrl() {
        return base + "/v1/routing/table";
    }

    String accessLogUrl() {
        return base + "/v1/routing/access-logs";
    }

    private static Future<Buffer> body(HttpClientResponse response) {
        return response.body().compose(body -> {
            if (response.statusCode() / 100 == 2) {
                return Future.succeededFuture(body);
            }
            String text = body.toString();
            String start = text.length() > 200 ? text.substring(0, 200) + "..." : text;
            return Future.failedFuture("HTTP " + response.statusCode() + ": " + start.replace('\n', ' '));
        });
    }
}
