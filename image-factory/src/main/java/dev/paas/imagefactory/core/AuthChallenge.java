package dev.paas.imagefactory.core;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A registry's {@code WWW-Authenticate} header: {@code Bearer realm="...",service="...",scope="..."}
 * (token auth) or {@code Basic realm="..."}.
 *
 * @param scheme lower case: {@code bearer} or {@code basic}
 * @param params the parameters, names lower case
 */
public record AuthChallenge(String scheme, Map<String, String> params) {

    /** Parses one challenge; empty when the header is missing or not understood. */
    public static Optional<AuthChallenge> parse(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String h = header.strip();
        int sp = h.indexOf(' ');
        String scheme = (sp < 0 ? h : h.substring(0, sp)).toLowerCase(Locale.ROOT);
        Map<String, String> params = new LinkedHashMap<>();
        int i = sp < 0 ? h.length() : sp + 1;
        while (i < h.length()) {
            while (i < h.length() && (h.charAt(i) == ' ' || h.charAt(i) == ',')) {
                i++;
            }
            int eq = h.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String name = h.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            i = eq + 1;
            StringBuilder value = new StringBuilder();
            if (i < h.length() && h.charAt(i) == '"') {
                i++;
                while (i < h.length() && h.charAt(i) != '"') {
                    if (h.charAt(i) == '\\' && i + 1 < h.length()) {
                        i++;
                    }
                    value.append(h.charAt(i++));
                }
                i++;
            } else {
                while (i < h.length() && h.charAt(i) != ',') {
                    value.append(h.charAt(i++));
                }
            }
            params.put(name, value.toString().strip());
        }
        if (!scheme.equals("bearer") && !scheme.equals("basic")) {
            return Optional.empty();
        }
        return Optional.of(new AuthChallenge(scheme, Map.copyOf(params)));
    }

    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name));
    }
}
