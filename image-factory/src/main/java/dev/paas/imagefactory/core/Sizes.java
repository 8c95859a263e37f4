package dev.paas.imagefactory.core;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Memory sizes as Cloud Foundry writes them, and byte counts for humans. */
public final class Sizes {

    private static final Pattern MEMORY = Pattern.compile("([0-9]{1,7})\\s*([MG])B?", Pattern.CASE_INSENSITIVE);

    private Sizes() {}

    /** {@code 256M}, {@code 256MB}, {@code 1G}, {@code 1GB} (case-insensitive) to MiB. */
    public static int parseMebibytes(String text) {
        Matcher m = text == null ? null : MEMORY.matcher(text.strip());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("memory must look like 256M or 1G, got: " + text);
        }
        long n = Long.parseLong(m.group(1));
        long mib = m.group(2).equalsIgnoreCase("G") ? n * 1024 : n;
        if (mib > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("memory too large: " + text);
        }
        return (int) mib;
    }

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
