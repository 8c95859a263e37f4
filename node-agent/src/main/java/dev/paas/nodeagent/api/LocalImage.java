package dev.paas.nodeagent.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A verified image in the local cache: what a VM boots.
 *
 * @param digest    sha256 hex of the image archive
 * @param kernel    the guest kernel (inside the image cache)
 * @param initramfs the initramfs (inside the image cache)
 * @param cmdline   kernel command-line flags from the image's metadata
 * @param guestPort the port the app listens on inside the guest
 * @param tcgCacheMib the TCG translation cache its code needs (unused under KVM)
 */
public record LocalImage(String digest, Path kernel, Path initramfs, List<String> cmdline, int guestPort, int tcgCacheMib) {
    public LocalImage {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(initramfs, "initramfs");
        cmdline = List.copyOf(cmdline);
    }
}
