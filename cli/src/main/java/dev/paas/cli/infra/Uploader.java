package dev.paas.cli.infra;

import dev.paas.cli.core.Progress;

/**
 * Sends an app's bits to the control plane (the first half of a push). Called once per pushed
 * app, on the command's thread, after the app exists and its routes are mapped.
 */
public interface Uploader {

    /**
     * Uploads {@code bits} as a new package of {@code app}. An implementation may skip the
     * transfer when the control plane already holds a package with the same sha256.
     *
     * @return the package the control plane keeps, to stage next
     * @throws dev.paas.cli.core.CliException when the upload is refused or fails
     */
    PackageRef upload(String space, String app, Bits bits, Progress progress);

    /** A package the control plane holds: its id and the sha256 of its bits. */
    record PackageRef(String id, String sha256) {
    }
}
