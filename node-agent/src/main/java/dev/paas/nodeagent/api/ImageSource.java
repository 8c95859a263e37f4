package dev.paas.nodeagent.api;

/**
 * Turns an image digest into local files, downloading and verifying it when it is not cached.
 *
 * <p>Threads: {@link #obtain} blocks (downloads take seconds) and is called from worker threads;
 * it is thread-safe, and concurrent calls for one digest share one download.
 */
public interface ImageSource {

    /**
     * @param digest sha256 hex (64 lowercase hex digits)
     * @throws ImageException when the digest is malformed, the download fails, or the bytes do not
     *                        hash to {@code digest} (nothing is cached then)
     */
    LocalImage obtain(String digest) throws ImageException;

    /** Marks the images that running VMs use, so eviction leaves them alone. Thread-safe. */
    void pin(java.util.Set<String> digestsInUse);
}
