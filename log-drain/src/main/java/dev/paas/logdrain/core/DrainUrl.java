package dev.paas.logdrain.core;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A syslog drain URL: {@code syslog://HOST[:PORT]} (TCP, RFC 6587 octet counting),
 * {@code syslog-tls://HOST[:PORT]} (the same over TLS) or {@code https://HOST[:PORT][/PATH]} (a
 * POST per batch). The control plane refuses other forms when a service is created; a URL that is
 * still unusable here is skipped, never shipped to.
 *
 * @param url the URL as given (may hold a token in its path or query: never logged, see {@link #redacted()})
 */
public record DrainUrl(Scheme scheme, String host, int port, String url) {

    public enum Scheme {
        SYSLOG(514), SYSLOG_TLS(6514), HTTPS(443);

        /** The port used when the URL names none (IANA's syslog, syslog-tls and https ports). */
        final int defaultPort;

        Scheme(int defaultPort) {
            this.defaultPort = defaultPort;
        }
    }

    /** Scheme, host (a name, IPv4, or [IPv6]), optional port, optional path or query
     * (a syslog drain's, such as CF's {@code ?drain-type=all}, is ignored); no user:password@. */
    private static final Pattern FORM = Pattern.compile(
            "(syslog|syslog-tls|https)://(\\[[0-9A-Fa-f:.]+\\]|[^\\s/?#@:\\[\\]]+)(?::([0-9]{1,5}))?([/?]\\S*)?");

    public static Optional<DrainUrl> parse(String url) {
        if (url == null || url.length() > 2048) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(url);
        if (!m.matches()) {
            return Optional.empty();
        }
        Scheme scheme = Scheme.valueOf(m.group(1).toUpperCase(Locale.ROOT).replace('-', '_'));
        int port = m.group(3) == null ? scheme.defaultPort : Integer.parseInt(m.group(3));
        if (port < 1 || port > 65535) {
            return Optional.empty();
        }
        String host = m.group(2);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        return Optional.of(new DrainUrl(scheme, host, port, url));
    }

    /** What logs and events may show: scheme, host and port, never a path or query (they may hold tokens). */
    public String redacted() {
        return scheme.name().toLowerCase(Locale.ROOT).replace('_', '-') + "://"
                + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return redacted();
    }
}
