package dev.paas.cli.core;

import java.util.Optional;
import java.util.regex.Pattern;

/** The control plane's rules for names users choose, checked early so a push fails before it sends. */
public final class Names {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Names() {
    }

    /** Why {@code name} is not an app name (a DNS label, as it becomes a host name), or empty. */
    public static Optional<String> appNameProblem(String name) {
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

    static String abbreviate(String s) {
        return s.length() <= 70 ? s : s.substring(0, 67) + "...";
    }
}
