package dev.paas.imagefactory.api;

/**
 * Limits a package must stay within while it is unpacked; each is checked against what the
 * archive declares and again against the bytes actually read.
 *
 * @param maxTotalBytes      uncompressed size of all files together
 * @param maxEntries         number of entries (files, directories, links)
 * @param maxRatio           uncompressed / compressed size of one entry (zip bombs)
 * @param ratioMinimumBytes  entries smaller than this are not ratio-checked (tiny files of
 *                           zeros legitimately compress very well)
 */
public record UnpackLimits(long maxTotalBytes, int maxEntries, int maxRatio, long ratioMinimumBytes) {

    /** 1 GiB, 65,536 entries, ratio 200 for entries from 1 MiB on. */
    public static UnpackLimits defaults() {
        return new UnpackLimits(1L << 30, 65_536, 200, 1L << 20);
    }

    public UnpackLimits {
        if (maxTotalBytes <= 0 || maxEntries <= 0 || maxRatio <= 1 || ratioMinimumBytes < 0) {
            throw new IllegalArgumentException("unpack limits must be positive (ratio above 1)");
        }
    }

    public UnpackLimits withMaxTotalBytes(long v) {
        return new UnpackLimits(v, maxEntries, maxRatio, ratioMinimumBytes);
    }

    public UnpackLimits withMaxEntries(int v) {
        return new UnpackLimits(maxTotalBytes, v, maxRatio, ratioMinimumBytes);
    }

    public UnpackLimits withMaxRatio(int v) {
        return new UnpackLimits(maxTotalBytes, maxEntries, v, ratioMinimumBytes);
    }
}
