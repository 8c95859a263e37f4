package dev.paas.model;

/** {@code PUT /v1/spaces/{space}/routes/{id}/app}: point a route at an app of the same space. */
public record MapRouteRequest(String app) {
}
