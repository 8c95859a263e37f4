package dev.paas.scheduler.api;

import dev.paas.scheduler.core.StaticRouteTable;
import java.util.List;
import java.util.Optional;

/**
 * Host (and path prefix) → endpoints of RUNNING instances, as routers use it. A table is an
 * immutable value: routers swap in a new one when the control plane publishes a change and keep
 * their last one while it is unreachable. Safe for any number of threads.
 */
public interface RouteTable {

    /**
     * The route for a request, by its Host header (case and any {@code :port} ignored) and path;
     * the longest matching path prefix wins. Empty when no route has that host (the router
     * answers 404). Pure: the same call always answers the same.
     */
    Optional<RouteMatch> lookup(String host, String path);

    /** Every route with its endpoints, sorted by host then path. */
    List<RouteMatch> entries();

    /**
     * Builds the table: every route gets the RUNNING instances of its app that have an
     * endpoint, in index order. Routes to apps without such instances stay, with no endpoints.
     */
    static RouteTable of(List<Route> routes, List<ActualInstance> instances) {
        return StaticRouteTable.build(routes, instances);
    }
}
