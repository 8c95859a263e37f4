package dev.paas.api.core;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The endpoint a managed binding's credentials name, which the bound app's instances are allowed
 * to reach: {@code host} + {@code port}, else the host and port of {@code uri} (a URI with a
 * scheme: {@code postgres://u:p@10.0.0.5:5432/db}). Only the host is returned as written; the
 * caller resolves a name once, when the binding is made, and keeps only an IPv4 address.
 */
public final class ServiceEndpoint {

    /** {@code scheme://[userinfo@]host[:port][/...]}, host a name or an IPv4 literal (no IPv6). */
    private static final Pattern URI = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://(?:[^@/?#]*@)?([A-Za-z0-9.-]+)(?::([0-9]{1,5}))?(?:[/?#].*)?$");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern HOSTNAME = Pattern.compile("(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    private ServiceEndpoint() {
    }

    /** A host (a name or an IPv4 literal) and a port. */
    public record HostPort(String host, int port) {
    }

    /** The endpoint of the credentials, if they name one paas can open. */
    public static Optional<HostPort> of(Map<String, Object> credentials) {
        if (credentials == null) {
            return Optional.empty();
        }
        Object host = credentials.get("host");
        Object port = credentials.get("port");
        if (host instanceof String h && port != null) {
            Optional<Integer> p = port(port);
            if (p.isPresent() && validHost(h)) {
                return Optional.of(new HostPort(h, p.get()));
            }
        }
        if (credentials.get("uri") instanceof String uri) {
            Matcher m = URI.matcher(uri);
            if (m.matches() && m.group(2) != null && validHost(m.group(1))) {
                return port(m.group(2)).map(p -> new HostPort(m.group(1), p));
            }
        }
        return Optional.empty();
    }

    public static boolean isIpv4(String s) {
        return s != null && IPV4.matcher(s).matches();
    }

    private static boolean validHost(String h) {
        return isIpv4(h) || HOSTNAME.matcher(h).matches();
    }

    private static Optional<Integer> port(Object v) {
        long p;
        if (v instanceof Number n && n.doubleValue() == n.longValue()) {
            p = n.longValue();
        } else if (v instanceof String s && s.matches("[0-9]{1,5}")) {
            p = Long.parseLong(s);
        } else {
            return Optional.empty();
        }
        return p >= 1 && p <= 65535 ? Optional.of((int) p) : Optional.empty();
    }
}
