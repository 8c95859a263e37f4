package dev.paas.nodeagent.infra;

import java.io.IOException;
import java.nio.file.Path;

/** Downloads an image archive by digest. Blocking; thread-safe. */
@FunctionalInterface
public interface ImageFetcher {

    /**
     * Streams the archive into {@code target} and returns the sha256 hex of the bytes written,
     * computed while streaming (the caller compares it with the digest it asked for).
     */
    String fetch(String digest, Path target) throws IOException;
}
