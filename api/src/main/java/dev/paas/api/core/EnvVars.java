package dev.paas.api.core;

import dev.paas.pushrules.Names;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** Validation of an app's environment: POSIX names, bounded values, nothing the platform sets itself. */
public final class EnvVars {

    public static final int MAX_VALUE_BYTES = 4 * 1024;
    /** The guest takes 60 KiB of instance env; the rest is for VCAP_APPLICATION and the CF_* variables. */
    public static final int MAX_TOTAL_BYTES = 48 * 1024;

    private EnvVars() {
    }

    /** Returns a sorted copy of {@code env}, or throws naming the offending variable. */
    public static Map<String, String> validate(Map<String, String> env) {
        Map<String, String> sorted = new TreeMap<>();
        if (env == null) {
            return sorted;
        }
        long total = 0;
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey();
            String value = e.getValue();
            String field = "env." + Names.abbreviate(name);
            ApiException.checked(field, name, Names::envNameProblem);
            if (value == null) {
                throw ApiException.invalid(field, "has no value; use \"\" for an empty value or leave the variable out");
            }
            if (value.indexOf('\0') >= 0) {
                throw ApiException.invalid(field, "contains a NUL character");
            }
            if (value.chars().anyMatch(c -> (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)) {
                throw ApiException.invalid(field, "contains a control character; only newline and tab are allowed");
            }
            int bytes = value.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_VALUE_BYTES) {
                throw ApiException.invalid(field, "is " + bytes + " bytes; a value may be at most 4 KiB");
            }
            total += bytes + name.length();
            sorted.put(name, value);
        }
        if (total > MAX_TOTAL_BYTES) {
            throw ApiException.invalid("env", "is " + total + " bytes in all; the environment may be at most 48 KiB");
        }
        return sorted;
    }
}
