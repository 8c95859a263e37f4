package dev.paas.cli.infra;

import java.util.List;
import java.util.function.Consumer;

/**
 * Turns an uploaded package into a runnable revision (the second half of a push): the image
 * factory detects a buildpack, builds, and writes a kernel image. Blocks until the build ends,
 * passing each staging output line ({@code STG}) to {@code log} as it arrives.
 */
public interface Stager {

    /**
     * @param buildpacks the manifest's {@code buildpacks}, empty to let the image factory detect one
     * @return the new revision, which the control plane rolls the app's instances onto
     * @throws dev.paas.cli.core.CliException when staging fails, with the reason and last lines
     */
    Revision stage(String space, String app, Uploader.PackageRef pkg, List<String> buildpacks, Consumer<String> log);

    /** A staged revision: its number and image digest. */
    record Revision(long version, String imageDigest) {
    }
}
