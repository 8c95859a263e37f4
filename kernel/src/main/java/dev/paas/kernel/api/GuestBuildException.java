package dev.paas.kernel.api;

/**
 * The guest kernel or init could not be built or found. The message says what to do, e.g.
 * {@code musl-gcc not found: apt-get install musl-tools}.
 */
public class GuestBuildException extends RuntimeException {
    public GuestBuildException(String message) {
        super(message);
    }

    public GuestBuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
