package dev.paas.api.core;

import java.util.Locale;
import java.util.regex.Pattern;

/** A validated route address: a lowercase host name and a path prefix ("" for the whole host). */
public record RouteSpec(String host, String path) {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)+");

    public static RouteSpec of(String host, String path) {
        if (host == null || host.isBlank()) {
            throw ApiException.invalid("host", "is required, e.g. my-app.localhost");
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.length() > 253) {
            throw ApiException.invalid("host", "is " + h.length() + " characters; a host name has at most 253");
        }
        String[] labels = h.split("\\.", -1);
        if (labels.length < 2) {
            throw ApiException.invalid("host", "'" + Names.abbreviate(host) + "' needs a domain, e.g. " + Names.abbreviate(h) + ".localhost");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw ApiException.invalid("host", "'" + Names.abbreviate(host) + "' is not a host name; use dot-separated labels of "
                        + "letters, digits and '-'");
            }
        }
        String p = path == null ? "" : path;
        if (p.equals("/")) {
            p = "";
        }
        if (!p.isEmpty()) {
            if (p.length() > 128 || !PATH.matcher(p).matches() || p.contains("/../") || p.endsWith("/..") || p.contains("/./")) {
                throw ApiException.invalid("path", "'" + Names.abbreviate(p) + "' must be a path such as /api: starting with '/', "
                        + "no trailing '/', no '..', at most 128 characters");
            }
        }
        return new RouteSpec(h, p);
    }
}
