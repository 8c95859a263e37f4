package dev.paas.imagefactory.core;

import dev.paas.imagefactory.api.StagingException;

/**
 * The least memory an image's root fits in. The kernel unpacks the initramfs into a tmpfs that
 * holds at most half of the VM's RAM, where every file takes whole 4 KiB pages; past that the
 * unpacking fails ("Initramfs unpacking failed: write error") and the init finds no launch spec.
 * Measured with the node hello image (90 MiB in 2,300 files): 192M failed, 256M booted.
 */
public final class RootfsRam {

    static final long PAGE = 4096;
    /** Beside the tmpfs half: the kernel and what it allocates while unpacking. */
    static final int MARGIN_MIB = 16;

    private RootfsRam() {}

    /** MiB: twice the root's pages, plus {@link #MARGIN_MIB}, rounded up to a multiple of 32. */
    public static int minimumMib(long bytes, long files) {
        long pages = bytes + files * PAGE;
        long mib = 2 * ((pages + (1 << 20) - 1) >> 20) + MARGIN_MIB;
        return (int) ((mib + 31) / 32 * 32);
    }

    /** @throws StagingException {@code INVALID_REQUEST} saying how much memory to ask for */
    public static void check(String runtime, long bytes, long files, int memoryMib) {
        int min = minimumMib(bytes, files);
        if (memoryMib < min) {
            throw new StagingException(StagingException.Reason.INVALID_REQUEST, "this " + runtime + " image's root takes "
                    + Sizes.human(bytes) + " in " + files + " files, unpacked into a tmpfs of half the VM's memory: "
                    + memoryMib + "M is too little, push with at least -m " + min + "M");
        }
    }
}
