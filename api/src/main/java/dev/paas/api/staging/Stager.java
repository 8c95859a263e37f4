package dev.paas.api.staging;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Turns a package into a stored, bootable image. Called on a staging worker thread, one build at
 * a time per worker; must be safe to call from several workers at once. Same input, same digest.
 */
public interface Stager {

    /**
     * What to stage: the package (named as uploaded, so its type shows) and the app's settings; or,
     * with {@code docker}, the image to pull (then {@code packageFile} is null).
     */
    record Input(Path packageFile, Optional<String> command, Map<String, String> env, int memoryMb, Optional<String> buildpack,
                 Optional<Docker> docker) {

        /** Bits. */
        public Input(Path packageFile, Optional<String> command, Map<String, String> env, int memoryMb, Optional<String> buildpack) {
            this(packageFile, command, env, memoryMb, buildpack, Optional.empty());
        }
    }

    /**
     * An image to pull: its reference and, when the registry needs them, the user and the password
     * (opened from its seal for this build only; {@link #toString} never shows it).
     */
    record Docker(String image, Optional<String> username, Optional<String> password) {

        @Override
        public String toString() {
            return "Docker[image=" + image + ", username=" + username.orElse("") + ", password=" + (password.isPresent() ? "***" : "") + "]";
        }
    }

    /** A staged image: its digest, size in bytes, runtime, kernel version and phase durations (ms). */
    record Output(String digest, long bytes, String runtime, String kernelVersion, Map<String, Long> phasesMillis) {
    }

    /** A build that failed for a reason the user can act on; the message says what to fix. */
    final class Failed extends Exception {
        public Failed(String message) {
            super(message);
        }
    }

    Output stage(Input input, Consumer<String> output) throws Failed;
}
