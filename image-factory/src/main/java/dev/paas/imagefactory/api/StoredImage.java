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
 */
public record StoredImage(String digest, ImageMetadata metadata, Path kernel, Path initramfs, Path manifest) {}
