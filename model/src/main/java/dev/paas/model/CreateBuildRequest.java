package dev.paas.model;

/**
 * {@code POST /v1/spaces/{space}/apps/{app}/builds}: stage a package (default: the newest) into
 * an image. {@code buildpack} forces one of {@code java}, {@code native}, {@code static}.
 */
public record CreateBuildRequest(Long packageId, String buildpack) {
}
