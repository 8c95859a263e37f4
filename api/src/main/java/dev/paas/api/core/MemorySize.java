package dev.paas.api.core;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An instance memory size, as Cloud Foundry writes it: a whole number with a unit
 * {@code M}/{@code MB} or {@code G}/{@code GB} (any case), between 64M and 8G.
 */
public record MemorySize(int megabytes) {

    public static final int MIN_MB = 64;
    public static final int MAX_MB = 8192;
    public static final MemorySize DEFAULT = new MemorySize(256);

    private static final Pattern SYNTAX = Pattern.compile("\\s*(\\d{1,7})\\s*([MG])B?\\s*");

    /** Parses {@code text} or throws an {@link ApiException} naming {@code field}. */
    public static MemorySize parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw ApiException.invalid(field, "must not be empty; write a size such as 256M or 1G");
        }
        Matcher m = SYNTAX.matcher(text.toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw ApiException.invalid(field, "'" + text + "' is not a size; write a whole number with M or G, such as 256M or 1G");
        }
        long mb = Long.parseLong(m.group(1)) * (m.group(2).equals("G") ? 1024L : 1L);
        if (mb < MIN_MB || mb > MAX_MB) {
            throw ApiException.invalid(field, "'" + text + "' is out of range; choose between 64M and 8G");
        }
        return new MemorySize((int) mb);
    }

    /** The canonical spelling: {@code 1G} when a whole number of gigabytes, else {@code 256M}. */
    @Override
    public String toString() {
        return megabytes % 1024 == 0 ? (megabytes / 1024) + "G" : megabytes + "M";
    }
}
