package dev.paas.imagefactory.api;

import java.nio.file.Path;

/**
 * A finished image not yet in a store: its files in the factory's scratch directory. The store
 * may move them.
 *
 * @param digest    {@code sha256:<hex>} of {@code manifest}
 * @param manifest  the canonical bytes of {@code image.json}
 * @param metadata  the same, parsed
 * @param kernel    the kernel file
 * @param initramfs the initramfs file
 * @param rootDisk  the root disk file (erofs), or null when the image has none
 */
public record PendingImage(String digest, byte[] manifest, ImageMetadata metadata, Path kernel, Path initramfs,
                           Path rootDisk) {

    /** An image without a root disk. */
    public PendingImage(String digest, byte[] manifest, ImageMetadata metadata, Path kernel, Path initramfs) {
        this(digest, manifest, metadata, kernel, initramfs, null);
    }
}
