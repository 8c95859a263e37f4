package dev.paas.scheduler.api;

import java.util.List;

/**
 * The route a request matched and the endpoints that may serve it, by app index. Empty
 * endpoints mean the app exists but nothing can serve now (the router answers 503).
 */
public record RouteMatch(Route route, List<Endpoint> endpoints) {

    public RouteMatch {
        endpoints = List.copyOf(endpoints);
    }
}
