package dev.paas.pushrules;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An app's idle timeout (scale to zero, a paas extension): after this long without a routed
 * request its instances stop, and the next request starts one. Written {@code 20s}, {@code 5m},
 * {@code 1h} (or whole seconds, {@code 90}); {@code 0} means never, the default. The CLI
 * ({@code paas scale --idle-timeout}, the manifest's {@code idle-timeout:}) and the API
 * ({@code idleTimeoutSeconds}) keep the same range.
 */
public final class IdleTimeout {

    /** A day: longer than that, stop the app. */
    public static final int MAX_SECONDS = 86_400;
    private static final String RANGE = "out of range; choose 0 (never) to " + MAX_SECONDS + " seconds (24h)";
    private static final Pattern TEXT = Pattern.compile("(\\d{1,9})\\s*(s|m|h)?");

    /** A duration read, or why not. */
    public record Result(Optional<Integer> seconds, String error) {
    }

    private IdleTimeout() {
    }

    /** Reads {@code 20s}, {@code 5m}, {@code 1h}, {@code 0} or whole seconds. */
    public static Result parse(String text) {
        if (text == null) {
            return new Result(Optional.empty(), "is required: write a duration such as 20s, 5m or 1h (0 = never)");
        }
        Matcher m = TEXT.matcher(text.strip().toLowerCase(java.util.Locale.ROOT));
        if (!m.matches()) {
            return new Result(Optional.empty(), "'" + Names.abbreviate(text) + "' is not a duration; write 20s, 5m or 1h"
                    + " (0 = never)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2);
        long seconds = unit == null || unit.equals("s") ? n : unit.equals("m") ? n * 60 : n * 3600;
        if (seconds > MAX_SECONDS) {
            return new Result(Optional.empty(), "'" + Names.abbreviate(text) + "' is " + seconds + " seconds, " + RANGE);
        }
        return new Result(Optional.of((int) seconds), null);
    }

    /** Seconds in 0..{@value #MAX_SECONDS}. */
    public static Optional<String> secondsProblem(long seconds) {
        return seconds < 0 || seconds > MAX_SECONDS ? Optional.of(seconds + " is " + RANGE) : Optional.empty();
    }

    /** As people write it: {@code 20s}, {@code 5m}, {@code 1h}, {@code 90s}, {@code 0}. */
    public static String format(int seconds) {
        if (seconds == 0) {
            return "0";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
