package dev.paas.kernel.core;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Parses the init's exit record line: {@code paas-exit key=value ...}, values are bare words
 * except {@code message}, which is double-quoted with {@code \"} and {@code \\} escapes and comes
 * last. Unknown keys are ignored so the init may add fields later.
 */
public final class ExitRecordFormat {

    public static final String PREFIX = "paas-exit ";
    private static final Set<String> STATUSES = Set.of("exited", "signaled", "failed");
    private static final Set<String> STOPS = Set.of("none", "term", "kill");

    public record Fields(String status, OptionalInt code, OptionalInt signal, String stop, long uptimeMs,
                         Optional<String> reason, Optional<String> message) {}

    private ExitRecordFormat() {}

    public static Optional<Fields> parse(String line) {
        String text = line.strip();
        int at = text.indexOf(PREFIX);
        if (at < 0) {
            return Optional.empty();
        }
        Map<String, String> kv = fields(text.substring(at + PREFIX.length()));
        String status = kv.get("status");
        if (status == null || !STATUSES.contains(status)) {
            throw new IllegalArgumentException("exit record without a known status: " + line);
        }
        String stop = kv.getOrDefault("stop", "none");
        if (!STOPS.contains(stop)) {
            throw new IllegalArgumentException("exit record with an unknown stop value: " + line);
        }
        OptionalInt code = number(kv, "code", line);
        OptionalInt signal = number(kv, "signal", line);
        if (status.equals("signaled") ? signal.isEmpty() : code.isEmpty()) {
            throw new IllegalArgumentException("exit record without its code or signal: " + line);
        }
        String uptime = kv.getOrDefault("uptime_ms", "0");
        if (!uptime.matches("[0-9]{1,15}")) {
            throw new IllegalArgumentException("exit record with a bad uptime_ms: " + line);
        }
        return Optional.of(new Fields(status, code, signal, stop, Long.parseLong(uptime),
                Optional.ofNullable(kv.get("reason")), Optional.ofNullable(kv.get("message"))));
    }

    private static Map<String, String> fields(String rest) {
        Map<String, String> kv = new HashMap<>();
        int i = 0;
        while (i < rest.length()) {
            while (i < rest.length() && rest.charAt(i) == ' ') {
                i++;
            }
            int eq = rest.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = rest.substring(i, eq);
            i = eq + 1;
            StringBuilder value = new StringBuilder();
            if (i < rest.length() && rest.charAt(i) == '"') {
                for (i++; i < rest.length() && rest.charAt(i) != '"'; i++) {
                    char c = rest.charAt(i);
                    if (c == '\\' && i + 1 < rest.length()) {
                        c = rest.charAt(++i);
                    }
                    value.append(c);
                }
                i++;
            } else {
                while (i < rest.length() && rest.charAt(i) != ' ') {
                    value.append(rest.charAt(i++));
                }
            }
            kv.put(key, value.toString());
        }
        return kv;
    }

    private static OptionalInt number(Map<String, String> kv, String key, String line) {
        String v = kv.get(key);
        if (v == null) {
            return OptionalInt.empty();
        }
        if (!v.matches("[0-9]{1,10}")) {
            throw new IllegalArgumentException("exit record with a bad " + key + ": " + line);
        }
        return OptionalInt.of((int) Math.min(Integer.MAX_VALUE, Long.parseLong(v)));
    }
}
