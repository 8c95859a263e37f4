package dev.paas.pushrules;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Process type names ({@code web}, {@code worker}, {@code clock}...). Cloud Foundry allows any
 * name; paas keeps them to what reads well in a URL, a log tag and {@code paas app}'s layout.
 */
public final class ProcessTypes {

    /** The process that serves the app's routes: the one every app has. */
    public static final String WEB = "web";
    /** Cloud Foundry v3's default health check of a process other than web. */
    public static final String DEFAULT_NON_WEB_HEALTH_CHECK = "process";

    private static final Pattern TYPE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,29}");

    private ProcessTypes() {
    }

    /** What is wrong with {@code type}, if anything (without the field name). */
    public static Optional<String> problem(String type) {
        if (type == null || type.isBlank()) {
            return Optional.of("is empty; name the process type, e.g. web or worker");
        }
        if (!TYPE.matcher(type).matches()) {
            return Optional.of("'" + Names.abbreviate(type) + "' is not a process type; use 1 to 30 lowercase "
                    + "letters, digits, '-' or '_', starting with a letter or digit (e.g. worker)");
        }
        return Optional.empty();
    }
}
