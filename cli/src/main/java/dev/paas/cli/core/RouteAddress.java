package dev.paas.cli.core;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A route as users write it, {@code host[/path]} (Cloud Foundry's {@code route:} attribute), split
 * and checked with the control plane's rules. {@code path} is {@code ""} for the whole host.
 */
public record RouteAddress(String host, String path) {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)+");

    /** Parses {@code host[/path]}; a scheme ({@code https://}) is tolerated and dropped. */
    public static RouteAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is empty; write a host such as my-app.localhost");
        }
        String t = text.strip().replaceFirst("^[a-zA-Z]+://", "");
        int slash = t.indexOf('/');
        return of(slash < 0 ? t : t.substring(0, slash), slash < 0 ? "" : t.substring(slash));
    }

    /**
     * A checked route; throws {@link IllegalArgumentException} whose message says what to fix
     * (without a field name, which the caller adds).
     */
    public static RouteAddress of(String host, String path) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("needs a host, e.g. my-app.localhost");
        }
        String h = host.toLowerCase(Locale.ROOT);
        String[] labels = h.split("\\.", -1);
        if (h.length() > 253 || labels.length < 2) {
            throw new IllegalArgumentException("'" + host + "' needs a domain, e.g. " + labels[0] + ".localhost");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("'" + host + "' is not a host name; use dot-separated labels of "
                        + "letters, digits and '-'");
            }
        }
        String p = path == null || path.equals("/") ? "" : path;
        if (!p.isEmpty() && (p.length() > 128 || !PATH.matcher(p).matches() || p.contains("/../")
                || p.endsWith("/..") || p.contains("/./"))) {
            throw new IllegalArgumentException("path '" + p + "' must be a path such as /api: starting with '/', "
                    + "no trailing '/', no '..', at most 128 characters");
        }
        return new RouteAddress(h, p);
    }

    @Override
    public String toString() {
        return host + path;
    }
}
