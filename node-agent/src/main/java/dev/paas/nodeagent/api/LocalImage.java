package dev.paas.nodeagent.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A verified image in the local cache: what a VM boots.
 *
 * @param digest    sha256 hex of the image archive
 * @param kernel    the guest kernel (inside the image cache)
 * @param initramfs the initramfs (inside the image cache)
 * @param cmdline   kernel command-line flags from the image's metadata
 * @param guestPort the port the app listens on inside the guest
 * @param tcgCacheMib the TCG translation cache its code needs (unused under KVM)
 * @param rootDisk  the image's read-only root disk (erofs, inside the image cache), attached
 *                  read-only; empty when the image's files are all in its initramfs
 */
public record LocalImage(String digest, Path kernel, Path initramfs, List<String> cmdline, int guestPort, int tcgCacheMib,
                         Optional<Path> rootDisk) {
    public LocalImage {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(initramfs, "initramfs");
        Objects.requireNonNull(rootDisk, "rootDisk");
        cmdline = List.copyOf(cmdline);
    }

    /** An image without a root disk. */
    public LocalImage(String digest, Path kernel, Path initramfs, List<String> cmdline, int guestPort, int tcgCacheMib) {
        this(digest, kernel, initramfs, cmdline, guestPort, tcgCacheMib, Optional.empty());
    }
}
