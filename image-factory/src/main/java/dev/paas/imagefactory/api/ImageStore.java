package dev.paas.imagefactory.api;

import java.util.List;
import java.util.Optional;

/**
 * Images by digest. The filesystem implementation is {@code infra.FileImageStore}; another
 * (a blob store) may follow. Implementations are thread-safe and safe against concurrent
 * processes: an image appears whole or not at all.
 */
public interface ImageStore {

    /**
     * Stores an image under its digest. Idempotent: when the digest is already there the stored
     * image is returned unchanged. Atomic: on failure nothing is left behind. Called on the
     * building thread.
     *
     * @throws StagingException with {@link StagingException.Reason#STORE_FAILED}
     */
    StoredImage put(PendingImage image);

    /** The stored image, or empty. */
    Optional<StoredImage> find(String digest);

    /** Every stored digest, sorted. */
    List<String> digests();

    /** Removes an image; true if it was there. */
    boolean delete(String digest);
}
