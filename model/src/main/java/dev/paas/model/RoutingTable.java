package dev.paas.model;

import java.util.List;

/**
 * {@code GET /v1/routing/table?version=N&waitSeconds=S}, for routers (authenticated with the
 * router key): every mapped route and the endpoints of its app's RUNNING, healthy instances.
 * Long-polls like the agents' desired state: with {@code version} equal to the current one the
 * call waits up to S seconds for a change. A route whose app has no endpoint is listed with an
 * empty list (the router answers 503 for it); unknown hosts are simply absent (404). A route of an
 * app scaled to zero ({@code idle}) has no endpoints either: the router holds its requests and
 * asks the control plane to wake the app ({@code POST /v1/routing/wake}).
 */
public record RoutingTable(long version, List<RoutingEntry> routes) {

    /**
     * @param host      lowercase host name, no port
     * @param path      path prefix ("" for the whole host); the longest matching prefix wins
     * @param appId     stable id of the app (for access-log lines)
     * @param app       {@code space/name}, for people reading router logs
     * @param endpoints {@code host:port} of each routable instance
     * @param idle      the app is scaled to zero after its idle timeout: no endpoints until a wake
     */
    public record RoutingEntry(String host, String path, long appId, String app, List<String> endpoints, boolean idle) {

        /** A route of an app that is not idle. */
        public RoutingEntry(String host, String path, long appId, String app, List<String> endpoints) {
            this(host, path, appId, app, endpoints, false);
        }
    }
}
