package dev.paas.router.infra;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The router's log: one line per event, a stable event name then {@code key=value} pairs
 * ({@code router.table-fetch-failed url=... error=...}), so people and scripts can grep it.
 * Thread-safe; values are printed as given, so callers never pass the router key.
 */
final class Events {

    private static final Logger LOG = System.getLogger("dev.paas.router");

    private Events() {
    }

    static void info(String event, Object... keyValues) {
        log(Level.INFO, event, keyValues);
    }

    static void warn(String event, Object... keyValues) {
        log(Level.WARNING, event, keyValues);
    }

    private static void log(Level level, String event, Object... keyValues) {
        if (!LOG.isLoggable(level)) {
            return;
        }
        StringBuilder line = new StringBuilder(event);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            line.append(' ').append(keyValues[i]).append('=').append(keyValues[i + 1]);
        }
        LOG.log(level, line.toString());
    }

    /** A failure as one short token for a log line: its message, else its class. */
    static String describe(Throwable t) {
        String m = t.getMessage();
        String text = m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
        return '"' + text.replace('"', '\'').replace('\n', ' ') + '"';
    }
}
