package dev.paas.pushrules;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A route as users write it, {@code host[/path]} (Cloud Foundry's {@code route:} attribute), split
 * and checked: a lowercase host name with a domain and a path prefix ({@code ""} for the whole
 * host). Ownership (a route of another space) is the API's to check.
 */
public record RouteAddress(String host, String path) {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)+");

    /** Parses {@code host[/path]}; a scheme ({@code https://}) is tolerated and dropped. */
    public static RouteAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new Invalid("host", "is empty; write a host such as my-app.localhost");
        }
        String t = text.strip().replaceFirst("^[a-zA-Z]+://", "");
        int slash = t.indexOf('/');
        return of(slash < 0 ? t : t.substring(0, slash), slash < 0 ? "" : t.substring(slash));
    }

    /** A checked route; throws {@link Invalid} naming the part ({@code host} or {@code path}) and what to fix. */
    public static RouteAddress of(String host, String path) {
        if (host == null || host.isBlank()) {
            throw new Invalid("host", "is required, e.g. my-app.localhost");
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.length() > 253) {
            throw new Invalid("host", "is " + h.length() + " characters; a host name has at most 253");
        }
        String[] labels = h.split("\\.", -1);
        if (labels.length < 2) {
            throw new Invalid("host", "'" + Names.abbreviate(host) + "' needs a domain, e.g. " + Names.abbreviate(h)
                    + ".localhost");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw new Invalid("host", "'" + Names.abbreviate(host) + "' is not a host name; use dot-separated "
                        + "labels of letters, digits and '-'");
            }
        }
        String p = path == null || path.equals("/") ? "" : path;
        if (!p.isEmpty() && (p.length() > 128 || !PATH.matcher(p).matches() || p.contains("/../")
                || p.endsWith("/..") || p.contains("/./"))) {
            throw new Invalid("path", "'" + Names.abbreviate(p) + "' must be a path such as /api: starting with '/', "
                    + "no trailing '/', no '..', at most 128 characters");
        }
        return new RouteAddress(h, p);
    }

    @Override
    public String toString() {
        return host + path;
    }

    /** A refused route: {@link #part()} is {@code host} or {@code path}; the message says what to fix. */
    public static final class Invalid extends IllegalArgumentException {

        private final String part;

        public Invalid(String part, String message) {
            super(message);
            this.part = part;
        }

        public String part() {
            return part;
        }
    }
}
