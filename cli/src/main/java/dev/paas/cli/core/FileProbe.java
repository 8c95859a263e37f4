package dev.paas.cli.core;

import java.util.Optional;

/** The one question core asks of the file system: where is this path, if it exists. */
@FunctionalInterface
public interface FileProbe {

    /**
     * The absolute form of {@code path} if something exists there, else empty.
     *
     * @param baseDir the directory a relative {@code path} starts from; null for the working directory
     */
    Optional<String> existing(String baseDir, String path);
}
