package dev.paas.imagefactory.api;

/**
 * A build failed. The message names what was wrong and what to fix (for an unsafe package: the
 * entry and the rule). Nothing of the failed build is left in the store or on disk.
 */
public class StagingException extends RuntimeException {

    /** Why, for the control plane's error mapping and the build's state. */
    public enum Reason {
        /** The request itself is invalid (memory, command, env, buildpack name). */
        INVALID_REQUEST,
        /** The package broke an unpack rule (zip-slip, symlink, device file, a limit). */
        UNSAFE_PACKAGE,
        /** No buildpack matched, or the requested one does not apply. */
        NO_BUILDPACK,
        /** The buildpack could not build (jlink, a missing library, a missing tool). */
        BUILD_FAILED,
        /** The image could not be written to the store. */
        STORE_FAILED
    }

    private final Reason reason;

    public StagingException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public StagingException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
