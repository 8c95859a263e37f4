package dev.paas.model;

/**
 * The answer to a join: the node's identity and its credential ({@code paas_nc_...}), shown only
 * here and stored hashed by the control plane. The agent keeps it in its state directory and
 * sends it as {@code Authorization: Bearer} on every later call.
 */
public record NodeJoinResponse(long nodeId, String name, String pool, String credential,
                               int heartbeatIntervalSeconds) {
}
