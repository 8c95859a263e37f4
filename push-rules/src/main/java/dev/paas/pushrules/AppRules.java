package dev.paas.pushrules;

import java.util.Optional;

/**
 * The rules of an app's other settings, as {@code paas push} checks them before sending and the
 * API checks them on arrival: instances, start command, health-check endpoint and timeout. Each
 * answers why a value is refused (without the field name), or empty.
 */
public final class AppRules {

    public static final int MAX_INSTANCES = 100;
    public static final int MAX_COMMAND = 4096;
    public static final int MAX_ENDPOINT = 255;
    public static final int MIN_TIMEOUT = 1;
    public static final int MAX_TIMEOUT = 180;

    private AppRules() {
    }

    public static Optional<String> instancesProblem(int n) {
        return n < 0 || n > MAX_INSTANCES ? Optional.of(n + " is out of range; choose 0 to " + MAX_INSTANCES)
                : Optional.empty();
    }

    /** A start command: one line (a command that needs a shell is fine: the image then carries one). */
    public static Optional<String> commandProblem(String cmd) {
        if (cmd == null) {
            return Optional.empty();
        }
        if (cmd.length() > MAX_COMMAND) {
            return Optional.of("is " + cmd.length() + " characters; use at most " + MAX_COMMAND);
        }
        if (cmd.indexOf('\n') >= 0 || cmd.indexOf('\r') >= 0 || cmd.indexOf('\0') >= 0) {
            return Optional.of("must be one line");
        }
        return Optional.empty();
    }

    /** The path of an HTTP health check. */
    public static Optional<String> endpointProblem(String endpoint) {
        if (endpoint == null || (endpoint.startsWith("/") && endpoint.length() <= MAX_ENDPOINT
                && endpoint.chars().noneMatch(c -> c <= ' ' || c == 127))) {
            return Optional.empty();
        }
        return Optional.of("'" + Names.abbreviate(endpoint) + "' must be a path starting with '/', without spaces, at "
                + "most " + MAX_ENDPOINT + " characters, e.g. /health");
    }

    /** Seconds an instance may take to become healthy. */
    public static Optional<String> timeoutProblem(int seconds) {
        return seconds < MIN_TIMEOUT || seconds > MAX_TIMEOUT
                ? Optional.of(seconds + " is out of range; choose " + MIN_TIMEOUT + " to " + MAX_TIMEOUT + " seconds")
                : Optional.empty();
    }
}
