package dev.paas.cli.core;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An instance memory size with the control plane's rules (Cloud Foundry's spelling): a whole
 * number with {@code M}/{@code MB} or {@code G}/{@code GB}, any case, between 64M and 8G.
 * Checked here too so that a push fails before anything is sent.
 */
public record MemorySize(int megabytes) {

    public static final int MIN_MB = 64;
    public static final int MAX_MB = 8192;

    private static final Pattern SYNTAX = Pattern.compile("\\s*(\\d{1,7})\\s*([MG])B?\\s*");

    /** The size, or the reason {@code text} is not one (without the field name). */
    public static Result parse(String text) {
        if (text == null || text.isBlank()) {
            return new Result(Optional.empty(), "must not be empty; write a size such as 256M or 1G");
        }
        Matcher m = SYNTAX.matcher(text.toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            return new Result(Optional.empty(),
                    "'" + text + "' is not a size; write a whole number with M or G, such as 256M or 1G");
        }
        long mb = Long.parseLong(m.group(1)) * (m.group(2).equals("G") ? 1024L : 1L);
        if (mb < MIN_MB || mb > MAX_MB) {
            return new Result(Optional.empty(), "'" + text + "' is out of range; choose between 64M and 8G");
        }
        return new Result(Optional.of(new MemorySize((int) mb)), null);
    }

    /** The canonical spelling the API answers with: {@code 1G} for whole gigabytes, else {@code 256M}. */
    @Override
    public String toString() {
        return megabytes % 1024 == 0 ? (megabytes / 1024) + "G" : megabytes + "M";
    }

    /** Either a size or an error message. */
    public record Result(Optional<MemorySize> size, String error) {
    }
}
