package dev.paas.model;

/**
 * {@code POST /v1/routing/wake}, from a router holding a request for an app scaled to zero:
 * start its instances again.
 *
 * @param appId the {@code appId} of the route's {@link RoutingTable.RoutingEntry}
 */
public record WakeRequest(Long appId) {
}
