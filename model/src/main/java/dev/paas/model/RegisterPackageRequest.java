package dev.paas.model;

/**
 * {@code POST /v1/spaces/{space}/apps/{app}/packages}: "I have bits with this sha256". When the
 * control plane already holds them (an unchanged push) the package is created without upload
 * (201); otherwise 404 and the client uploads them with {@code PUT .../packages/{sha256}}.
 */
public record RegisterPackageRequest(String sha256, String filename) {
}
