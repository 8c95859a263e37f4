package dev.paas.imagefactory.core;

import dev.paas.imagefactory.api.UnpackLimits;

import java.util.Optional;

/**
 * Counts what an unpack has used so far against its {@link UnpackLimits}. Each method returns
 * the rule broken, if any, for the caller to name with the entry. Not thread-safe: one per unpack.
 */
public final class UnpackBudget {

    public static final String RULE_TOTAL = "total uncompressed size over the limit";
    public static final String RULE_COUNT = "too many entries";
    public static final String RULE_RATIO = "compression ratio over the limit (zip bomb)";
    public static final String RULE_DEVICE = "device, FIFO or socket files are not allowed";
    public static final String RULE_SYMLINK = "symbolic link points outside the app directory";

    private final UnpackLimits limits;
    private long totalBytes;
    private int entries;

    public UnpackBudget(UnpackLimits limits) {
        this.limits = limits;
    }

    public UnpackLimits limits() {
        return limits;
    }

    /** One more entry of any kind. */
    public Optional<String> countEntry() {
        entries++;
        return entries > limits.maxEntries()
                ? Optional.of(RULE_COUNT + " (" + limits.maxEntries() + ")") : Optional.empty();
    }

    /**
     * What an entry declares before it is read.
     *
     * @param compressedSize its compressed size, or -1 when not compressed / unknown
     */
    public Optional<String> declared(long size, long compressedSize) {
        if (size >= 0 && totalBytes + size > limits.maxTotalBytes()) {
            return Optional.of(RULE_TOTAL + " (" + Sizes.human(limits.maxTotalBytes()) + ")");
        }
        return ratio(size, compressedSize);
    }

    /** Bytes actually written, as they come: the declared sizes may lie. */
    public Optional<String> wrote(long bytes) {
        totalBytes += bytes;
        return totalBytes > limits.maxTotalBytes()
                ? Optional.of(RULE_TOTAL + " (" + Sizes.human(limits.maxTotalBytes()) + ")") : Optional.empty();
    }

    /** Checks an entry's ratio with the bytes read so far against its compressed size. */
    public Optional<String> ratio(long uncompressed, long compressedSize) {
        if (compressedSize < 0 || uncompressed < limits.ratioMinimumBytes()) {
            return Optional.empty();
        }
        long compressed = Math.max(1, compressedSize);
        return uncompressed / compressed > limits.maxRatio()
                ? Optional.of(RULE_RATIO + " (" + uncompressed / compressed + ":1, limit " + limits.maxRatio() + ":1)")
                : Optional.empty();
    }

    public long totalBytes() {
        return totalBytes;
    }

    public int entries() {
        return entries;
    }
}
