package dev.paas.imagefactory.api;

import java.nio.file.Path;

/**
 * An image in a store, with local paths to its files (immutable once stored).
 *
 * @param digest    {@code sha256:<hex>} of {@code image.json}
 * @param metadata  the parsed {@code image.json}
 * @param kernel    the kernel to boot ({@code -kernel})
 * @param initramfs the initramfs ({@code -initrd})
 * @param manifest  {@code image.json}
 * @param rootDisk  the read-only root disk (erofs) to attach, or empty
 */
public record StoredImage(String digest, ImageMetadata metadata, Path kernel, Path initramfs, Path manifest,
                          java.util.Optional<Path> rootDisk) {

    public StoredImage(String digest, ImageMetadata metadata, Path kernel, Path initramfs, Path manifest) {
        this(digest, metadata, kernel, initramfs, manifest, java.util.Optional.empty());
    }

    /** Every file of the image, {@code image.json} first: what a node downloads. */
    public java.util.List<Path> files() {
        java.util.List<Path> out = new java.util.ArrayList<>(java.util.List.of(manifest, kernel, initramfs));
        rootDisk.ifPresent(out::add);
        return java.util.List.copyOf(out);
    }
}
