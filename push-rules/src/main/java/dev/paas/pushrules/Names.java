package dev.paas.pushrules;

import java.util.Optional;
import java.util.regex.Pattern;

/** Rules for the names users choose: apps, spaces and pools (DNS labels), env variables and usernames. */
public final class Names {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern USERNAME = Pattern.compile("[a-z][a-z0-9_.-]{1,63}");

    private Names() {
    }

    /**
     * Why {@code name} is not an app, space or pool name, or empty: a DNS label (1-63 of a-z, 0-9
     * and '-', not starting or ending with '-'), because app names become host names of routes.
     */
    public static Optional<String> dnsLabelProblem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("is required");
        }
        if (name.length() > 63) {
            return Optional.of("'" + abbreviate(name) + "' is " + name.length() + " characters; use at most 63");
        }
        if (!DNS_LABEL.matcher(name).matches()) {
            String hint = name.contains(" ") ? " (no spaces)" : "";
            return Optional.of("'" + abbreviate(name) + "' is not a valid name" + hint + "; use lowercase letters, "
                    + "digits and '-' (not at the start or end), e.g. my-app");
        }
        return Optional.empty();
    }

    /** Why {@code name} may not be an environment variable set by users, or empty. */
    public static Optional<String> envNameProblem(String name) {
        if (name == null || !ENV_NAME.matcher(name).matches()) {
            return Optional.of("'" + abbreviate(String.valueOf(name)) + "' is not a variable name; use letters, digits "
                    + "and '_', not starting with a digit");
        }
        if (name.equals("PORT") || name.startsWith("PAAS_") || name.startsWith("VCAP_")) {
            return Optional.of("'" + name + "' is set by the platform; PORT, PAAS_* and VCAP_* are reserved");
        }
        return Optional.empty();
    }

    /** Why {@code name} is not a username, or empty. */
    public static Optional<String> usernameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("is required");
        }
        if (!USERNAME.matcher(name).matches()) {
            return Optional.of("'" + abbreviate(name) + "' is not a valid username; use 2-64 of lowercase letters, "
                    + "digits, '_', '.', '-', starting with a letter");
        }
        return Optional.empty();
    }

    /** {@code s} cut to 70 characters for a message (a pasted novel must not come back whole). */
    public static String abbreviate(String s) {
        return s.length() <= 70 ? s : s.substring(0, 67) + "...";
    }
}
