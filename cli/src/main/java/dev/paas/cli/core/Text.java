package dev.paas.cli.core;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Small renderings shared by commands: ages, byte sizes, {@code k=v} pairs. */
public final class Text {

    private Text() {
    }

    /** {@code "12s ago"}, {@code "5m ago"}, {@code "3h ago"}, {@code "2d ago"}; empty for null. */
    public static String ago(Instant then, Instant now) {
        if (then == null) {
            return "";
        }
        long s = Math.max(0, Duration.between(then, now).getSeconds());
        if (s < 60) {
            return s + "s ago";
        }
        if (s < 3600) {
            return (s / 60) + "m ago";
        }
        if (s < 86400) {
            return (s / 3600) + "h ago";
        }
        return (s / 86400) + "d ago";
    }

    /** An instant to the second, {@code 2026-11-27T10:00:00Z}; empty for null. */
    public static String time(Instant t) {
        return t == null ? "" : t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    /** {@code 512 B}, {@code 1.5 KB}, {@code 12.0 MB}, {@code 2.3 GB} (powers of 1024). */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /**
     * Parses {@code k=v} pairs (from {@code --label}, {@code --var}); the value may contain
     * {@code =} and be empty. Throws {@link InputException} naming the flag.
     */
    public static Map<String, String> pairs(String flag, List<String> items) {
        Map<String, String> out = new LinkedHashMap<>();
        if (items == null) {
            return out;
        }
        for (String item : items) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new InputException(flag + ": '" + item + "' is not KEY=VALUE");
            }
            out.put(item.substring(0, eq), item.substring(eq + 1));
        }
        return out;
    }

    /** A map as {@code k=v, k2=v2} in its order; {@code -} when empty. */
    public static String pairs(Map<String, String> map) {
        if (map == null || map.isEmpty()) {
            return "-";
        }
        return String.join(", ", map.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    /** Lowercase enum names, {@code -} for null: {@code RUNNING} prints as {@code running}. */
    public static String lower(Enum<?> e) {
        return e == null ? "-" : e.name().toLowerCase(Locale.ROOT);
    }
}
