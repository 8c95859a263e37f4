package dev.paas.imagefactory.core;

import java.util.Locale;

/** Byte counts for humans (sizes as Cloud Foundry writes them are dev.paas.pushrules.ByteSize). */
public final class Sizes {

    private Sizes() {}

    /** {@code 1.5 MiB}, {@code 812 KiB}, {@code 17 B}. */
    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}
