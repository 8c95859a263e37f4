package dev.paas.nodeagent.infra;

/** {@code node.json}: the join answer without the credential (which lives in its own 0600 file). */
public record NodeIdentity(long nodeId, String name, String pool, int heartbeatIntervalSeconds) {}
