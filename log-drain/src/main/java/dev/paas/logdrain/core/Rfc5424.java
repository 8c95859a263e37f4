package dev.paas.logdrain.core;

import dev.paas.logdrain.api.DrainLine;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * RFC 5424 messages as Cloud Foundry's loggregator writes them for syslog drains:
 * {@code <14>1 2026-12-06T11:00:00.123456Z HOST APP-NAME [APP/PROC/WEB/0] - - text\n}.
 * PRI is facility user (1) with severity informational (6) for stdout, error (3) for stderr, as
 * CF does; MSGID and STRUCTURED-DATA are nil; the message ends with a newline, as CF's do.
 */
public final class Rfc5424 {

    /** RFC 5424 §6: the header fields' maximum lengths. */
    static final int HOSTNAME_MAX = 255;
    static final int APP_NAME_MAX = 48;
    static final int PROCID_MAX = 128;

    /** CF writes microseconds (RFC 3339, at most 6 fraction digits as RFC 5424 allows). */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Rfc5424() {
    }

    /** The message for {@code line} sent by {@code hostname}. */
    public static String format(DrainLine line, String hostname) {
        int pri = 8 + (line.error() ? 3 : 6);
        String procId = "[" + line.sourceType() + (line.instance() == null ? "" : "/" + line.instance()) + "]";
        return "<" + pri + ">1 " + TIMESTAMP.format(line.at()) + " " + field(hostname, HOSTNAME_MAX) + " "
                + field(line.appName(), APP_NAME_MAX) + " " + field(procId, PROCID_MAX) + " - - "
                + line.text().replace("\0", "") + "\n";
    }

    /** RFC 6587 octet counting: the message's length in UTF-8 bytes, a space, the message. */
    public static byte[] frame(String message) {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        byte[] head = (body.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + body.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }

    /** A header field: printable US-ASCII without spaces (others become '_'), cut to {@code max}; "-" when empty. */
    static String field(String value, int max) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        StringBuilder b = new StringBuilder(Math.min(value.length(), max));
        for (int i = 0; i < value.length() && b.length() < max; i++) {
            char c = value.charAt(i);
            b.append(c >= 33 && c <= 126 ? c : '_');
        }
        return b.toString();
    }
}
