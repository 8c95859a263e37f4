package dev.paas.api.core;

import java.util.regex.Pattern;

/** Rules for the names users choose: apps, spaces, pools (DNS labels) and usernames. */
public final class Names {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern USERNAME = Pattern.compile("[a-z][a-z0-9_.-]{1,63}");

    private Names() {
    }

    /**
     * An app, space or pool name: a DNS label (1-63 of a-z, 0-9 and '-', not starting or ending
     * with '-'), because app names become host names of routes.
     */
    public static String dnsLabel(String field, String name) {
        if (name == null || name.isEmpty()) {
            throw ApiException.invalid(field, "is required");
        }
        if (name.length() > 63) {
            throw ApiException.invalid(field, "'" + abbreviate(name) + "' is " + name.length() + " characters; use at most 63");
        }
        if (!DNS_LABEL.matcher(name).matches()) {
            throw ApiException.invalid(field, "'" + abbreviate(name) + "' is not a valid name; use lowercase letters, digits and '-' "
                    + "(not at the start or end), e.g. my-app");
        }
        return name;
    }

    public static String username(String field, String name) {
        if (name == null || name.isEmpty()) {
            throw ApiException.invalid(field, "is required");
        }
        if (!USERNAME.matcher(name).matches()) {
            throw ApiException.invalid(field, "'" + abbreviate(name) + "' is not a valid username; use 2-64 of lowercase letters, "
                    + "digits, '_', '.', '-', starting with a letter");
        }
        return name;
    }

    static String abbreviate(String s) {
        return s.length() <= 70 ? s : s.substring(0, 67) + "...";
    }
}
