package dev.paas.pushrules;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A memory or disk size as Cloud Foundry writes it: a whole number with {@code M}/{@code MB} or
 * {@code G}/{@code GB}, any case ({@code 512M}, {@code 512MB}, {@code 1G}, {@code 1GB},
 * {@code 512m}). Memory is per instance, 64M to 8G; disk ({@code disk_quota}, {@code -k}) is the
 * guest's writable space, 64M to 32G.
 */
public record ByteSize(int megabytes) {

    public static final int MEMORY_MIN_MB = 64;
    public static final int MEMORY_MAX_MB = 8192;
    public static final int DISK_MIN_MB = 64;
    public static final int DISK_MAX_MB = 32 * 1024;
    public static final ByteSize DEFAULT_MEMORY = new ByteSize(256);

    private static final Pattern SYNTAX = Pattern.compile("\\s*(\\d{1,7})\\s*([MG])B?\\s*");

    /** An instance's memory, or why {@code text} is not one (without the field name). */
    public static Result memory(String text) {
        return parse(text, MEMORY_MIN_MB, MEMORY_MAX_MB);
    }

    /** A disk quota, or why {@code text} is not one (without the field name). */
    public static Result disk(String text) {
        return parse(text, DISK_MIN_MB, DISK_MAX_MB);
    }

    /**
     * A size in Cloud Foundry's spelling within {@code [min, max]} MiB, for callers with their own
     * range (the standalone image factory builds images from 32M).
     */
    public static Result parse(String text, int min, int max) {
        if (text == null || text.isBlank()) {
            return new Result(Optional.empty(), "must not be empty; write a size such as 256M or 1G");
        }
        Matcher m = SYNTAX.matcher(text.toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            return new Result(Optional.empty(), "'" + Names.abbreviate(text)
                    + "' is not a size; write a whole number with M or G, such as 256M or 1G");
        }
        long mb = Long.parseLong(m.group(1)) * (m.group(2).equals("G") ? 1024L : 1L);
        if (mb < min || mb > max) {
            return new Result(Optional.empty(), "'" + text + "' is out of range; choose between "
                    + new ByteSize(min) + " and " + new ByteSize(max));
        }
        return new Result(Optional.of(new ByteSize((int) mb)), null);
    }

    /** The canonical spelling: {@code 1G} for whole gigabytes, else {@code 256M}. */
    @Override
    public String toString() {
        return megabytes % 1024 == 0 ? (megabytes / 1024) + "G" : megabytes + "M";
    }

    /** Either a size or the reason there is none. */
    public record Result(Optional<ByteSize> size, String error) {

        /** The size; throws {@link IllegalArgumentException} with the error when there is none. */
        public ByteSize orThrow() {
            return size.orElseThrow(() -> new IllegalArgumentException(error));
        }
    }
}
