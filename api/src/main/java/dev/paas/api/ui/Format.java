package dev.paas.api.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the dashboard writes times, ages and sizes: short, and the same on every page. */
final class Format {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Format() {
    }

    /** {@code 45s}, {@code 3m 12s}, {@code 2h 5m}, {@code 4d 1h}. */
    static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m " + s % 60 + "s";
        }
        if (s < 86400) {
            return s / 3600 + "h " + s % 3600 / 60 + "m";
        }
        return s / 86400 + "d " + s % 86400 / 3600 + "h";
    }

    /** {@code 3m 12s ago}, or {@code never}. */
    static String ago(Instant then, Instant now) {
        return then == null ? "never" : duration(Duration.between(then, now)) + " ago";
    }

    static String stamp(Instant t) {
        return t == null ? "" : STAMP.format(t);
    }

    /** {@code 48 MiB}, {@code 1.2 GiB}. */
    static String bytes(Long b) {
        if (b == null) {
            return "–";
        }
        if (b < 1024 * 1024) {
            return Math.max(1, b / 1024) + " KiB";
        }
        if (b < 1024L * 1024 * 1024) {
            return b / (1024 * 1024) + " MiB";
        }
        return String.format(java.util.Locale.ROOT, "%.1f GiB", b / (1024.0 * 1024 * 1024));
    }

    static String mb(int mb) {
        return mb >= 1024 && mb % 1024 == 0 ? mb / 1024 + " GiB" : mb + " MiB";
    }

    static String shortDigest(String digest) {
        return digest == null ? "" : digest.length() > 12 ? digest.substring(0, 12) : digest;
    }
}
