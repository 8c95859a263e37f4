package dev.paas.model;

/**
 * {@code POST /v1/spaces/{space}/apps/{app}/packages}: "I have bits with this sha256". When the
 * control plane already holds them (an unchanged push) the package is created without upload
 * (201); otherwise 404 and the client uploads them with {@code PUT .../packages/{sha256}}.
 * With {@code docker} instead (and no {@code sha256}, {@code filename}): a package that is an
 * image to pull at staging (201 at once; nothing is pulled before the build).
 */
public record RegisterPackageRequest(String sha256, String filename, DockerPackage docker) {

    /** Bits. */
    public RegisterPackageRequest(String sha256, String filename) {
        this(sha256, filename, null);
    }
}
