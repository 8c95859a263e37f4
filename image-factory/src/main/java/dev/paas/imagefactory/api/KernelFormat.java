package dev.paas.imagefactory.api;

/**
 * Which of the guest kernel's two forms goes into images. Both boot with the same QEMU recipe
 * ({@code -kernel FILE}); the image's metadata names the file.
 */
public enum KernelFormat {
    /** Compressed (about 2 MB): small images; the guest decompresses itself at boot. The default. */
    BZIMAGE("bzImage"),
    /** Uncompressed with the PVH entry (about 16 MB): boots about 1 s faster under TCG. */
    VMLINUX("vmlinux");

    private final String fileName;

    KernelFormat(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }
}
