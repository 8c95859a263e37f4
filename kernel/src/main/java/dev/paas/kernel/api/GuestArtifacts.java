package dev.paas.kernel.api;

import java.nio.file.Path;

/**
 * A built guest, in the cache: the kernel in both forms and the init binary. The files are
 * immutable once they appear; the directories are content-addressed (see kernel/README.md).
 *
 * @param vmlinux uncompressed kernel with the PVH entry point: what the QEMU recipe boots
 * @param bzImage compressed kernel, for hypervisors without PVH (and for the size budget)
 * @param init    the static init binary, to be placed at {@code /init} in every initramfs
 */
public record GuestArtifacts(Path vmlinux, Path bzImage, Path init) {}
