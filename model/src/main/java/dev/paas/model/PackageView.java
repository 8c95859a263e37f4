package dev.paas.model;

import java.time.Instant;

/**
 * A package of an app: uploaded bits identified by their sha256 ({@code type} {@code bits}), or
 * a docker image pulled at each staging ({@code type} {@code docker}: {@code sha256} and
 * {@code filename} null, {@code sizeBytes} 0; the password is never shown).
 */
public record PackageView(long id, String app, String sha256, long sizeBytes, String filename, Instant createdAt,
                          String type, String dockerImage, String dockerUsername) {

    public static final String BITS = "bits";
    public static final String DOCKER = "docker";

    /** Bits. */
    public PackageView(long id, String app, String sha256, long sizeBytes, String filename, Instant createdAt) {
        this(id, app, sha256, sizeBytes, filename, createdAt, BITS, null, null);
    }
}
