package dev.paas.imagefactory.core;

import dev.paas.imagefactory.api.StagingException;

import java.util.Locale;

/**
 * The Java heap from the instance memory. The guest's RAM holds the kernel, the whole root
 * filesystem (the initramfs is unpacked into RAM and stays there) and the JVM's non-heap
 * memory; the heap gets the rest, as {@code -XX:MaxRAMPercentage} so that the JVM applies it
 * to the RAM it sees, and users never set {@code -Xmx}.
 */
public final class HeapSizing {

    /** Kernel, its page tables and buffers, the init: measured around 15 MiB, with margin. */
    public static final int GUEST_OVERHEAD_MIB = 24;
    /** Metaspace, code cache, thread stacks, GC structures of a small service. */
    public static final int NON_HEAP_MIB = 64;
    /** The JVM's usual container ceiling; more leaves nothing for direct buffers and malloc. */
    public static final double MAX_PERCENT = 75.0;
    /** Below this the app cannot do anything useful; the build fails and says how much to ask for. */
    public static final int MIN_HEAP_MIB = 16;

    private HeapSizing() {}

    /** The heap in MiB for this memory and root filesystem size. */
    public static long heapMib(int memoryMib, long rootfsBytes) {
        long rootfsMib = (rootfsBytes + (1 << 20) - 1) >> 20;
        long heap = memoryMib - GUEST_OVERHEAD_MIB - NON_HEAP_MIB - rootfsMib;
        return Math.min(heap, (long) Math.floor(memoryMib * MAX_PERCENT / 100));
    }

    /**
     * @return the percentage, one decimal, for {@code -XX:MaxRAMPercentage}
     * @throws StagingException if the heap would be under {@value #MIN_HEAP_MIB} MiB
     */
    public static double maxRamPercent(int memoryMib, long rootfsBytes) {
        long heap = heapMib(memoryMib, rootfsBytes);
        if (heap < MIN_HEAP_MIB) {
            long rootfsMib = (rootfsBytes + (1 << 20) - 1) >> 20;
            long need = MIN_HEAP_MIB + GUEST_OVERHEAD_MIB + NON_HEAP_MIB + rootfsMib;
            throw new StagingException(StagingException.Reason.BUILD_FAILED, "memory " + memoryMib
                    + "M is too small for this Java app: the image alone takes " + rootfsMib
                    + "M of RAM; ask for at least " + need + "M");
        }
        return Math.floor(heap * 1000.0 / memoryMib) / 10.0;
    }

    /** {@code -XX:MaxRAMPercentage=47.5}. */
    public static String flag(double percent) {
        return String.format(Locale.ROOT, "-XX:MaxRAMPercentage=%.1f", percent);
    }
}
