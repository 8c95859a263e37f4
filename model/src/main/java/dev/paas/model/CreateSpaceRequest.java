package dev.paas.model;

/** {@code POST /v1/spaces} (admin). */
public record CreateSpaceRequest(String name) {
}
