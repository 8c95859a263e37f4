package dev.paas.router.infra;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** The headers the router removes, adds and checks on their way through. Stateless. */
final class Headers {

    static final AsciiString X_REQUEST_ID = AsciiString.cached("X-Request-Id");
    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("X-Forwarded-For");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("X-Forwarded-Proto");
    static final AsciiString X_FORWARDED_HOST = AsciiString.cached("X-Forwarded-Host");
    static final AsciiString X_REQUEST_START = AsciiString.cached("X-Request-Start");
    static final AsciiString X_ROUTER_ERROR = AsciiString.cached("X-Paas-Router-Error");
    static final AsciiString X_CONTENT_TYPE_OPTIONS = AsciiString.cached("X-Content-Type-Options");
    static final AsciiString HTTP = AsciiString.cached("http");
    private static final AsciiString UPGRADE = AsciiString.cached("Upgrade");

    /** RFC 9110 §7.6.1: meant for one connection, never forwarded (plus the old Proxy-Connection). */
    private static final AsciiString[] HOP_BY_HOP = {
        HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.PROXY_CONNECTION,
        HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.TE,
        HttpHeaderNames.TRAILER, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE,
    };

    /** Longest incoming request id kept; a longer or odd one is replaced by a new id. */
    private static final int MAX_REQUEST_ID = 128;

    private Headers() {
    }

    /**
     * Removes hop-by-hop headers from {@code headers}, including those the Connection header
     * names. {@code keepUpgrade} keeps Connection/Upgrade for a WebSocket handshake.
     */
    static void stripHopByHop(HttpHeaders headers, boolean keepUpgrade) {
        String connection = headers.get(HttpHeaderNames.CONNECTION);
        if (connection != null && !connection.equalsIgnoreCase("keep-alive")) {
            for (String token : connection.split(",")) {
                String name = token.trim();
                if (!name.isEmpty() && !(keepUpgrade && name.equalsIgnoreCase("upgrade"))) {
                    headers.remove(name);
                }
            }
        }
        String upgrade = keepUpgrade ? headers.get(HttpHeaderNames.UPGRADE) : null;
        for (AsciiString name : HOP_BY_HOP) {
            headers.remove(name);
        }
        if (upgrade != null) {
            headers.set(HttpHeaderNames.CONNECTION, UPGRADE);
            headers.set(HttpHeaderNames.UPGRADE, upgrade);
        }
    }

    /**
     * The X-Forwarded-* and X-Request-* headers an app sees. X-Forwarded-For gets the client's
     * address ({@code client}, may be null) appended; Proto and Host and X-Request-Start are kept
     * when a load balancer in front already set them (it saw the request first), else set from
     * this hop.
     */
    static void addForwarded(HttpHeaders headers, String client, String host, String requestId, long startMillis) {
        if (client != null) {
            String before = headers.get(X_FORWARDED_FOR);
            headers.set(X_FORWARDED_FOR, before == null || before.isBlank() ? client : before + ", " + client);
        }
        if (!headers.contains(X_FORWARDED_PROTO)) {
            headers.set(X_FORWARDED_PROTO, HTTP);
        }
        if (host != null && !headers.contains(X_FORWARDED_HOST)) {
            headers.set(X_FORWARDED_HOST, host);
        }
        if (!headers.contains(X_REQUEST_START)) {
            headers.set(X_REQUEST_START, Long.toString(startMillis));
        }
        headers.set(X_REQUEST_ID, requestId);
    }

    /** The incoming request id when it is short printable ASCII, else a new random one. */
    static String requestId(String incoming) {
        if (incoming != null && !incoming.isEmpty() && incoming.length() <= MAX_REQUEST_ID) {
            boolean printable = true;
            for (int i = 0; i < incoming.length() && printable; i++) {
                char c = incoming.charAt(i);
                printable = c > 0x20 && c < 0x7f;
            }
            if (printable) {
                return incoming;
            }
        }
        // Random, not secure: a request id is a correlation key, and SecureRandom would contend.
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;                    // version 4
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
        return new UUID(msb, lsb).toString();
    }

    /** A WebSocket handshake (HTTP/1.1 Upgrade: websocket with Connection: upgrade). */
    static boolean isWebSocketUpgrade(HttpHeaders headers) {
        String upgrade = headers.get(HttpHeaderNames.UPGRADE);
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            return false;
        }
        String connection = headers.get(HttpHeaderNames.CONNECTION);
        return connection != null && connection.toLowerCase(Locale.ROOT).contains("upgrade");
    }

    /**
     * The path of a request target: origin form ({@code /a/b?q}) or absolute form
     * ({@code http://host/a/b?q}) without its query or fragment; {@code /} when it names none.
     */
    static String path(String uri) {
        int start = 0;
        if (!uri.startsWith("/")) {
            int scheme = uri.indexOf("://");
            if (scheme < 0) {
                return uri; // "*" of OPTIONS, or something no route matches
            }
            start = uri.indexOf('/', scheme + 3);
            if (start < 0) {
                return "/";
            }
        }
        int end = start;
        while (end < uri.length() && uri.charAt(end) != '?' && uri.charAt(end) != '#') {
            end++;
        }
        return uri.substring(start, end);
    }
}
