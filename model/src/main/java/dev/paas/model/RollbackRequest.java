package dev.paas.model;

/** {@code POST /v1/spaces/{space}/apps/{app}/rollback}: run revision {@code version} again (rolling). */
public record RollbackRequest(Integer version) {
}
