package dev.paas.scheduler.router;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** The headers the router removes, adds and checks on their way through. Stateless. */
final class Headers {

    static final CharSequence X_REQUEST_ID = HttpHeaders.createOptimized("X-Request-Id");
    static final CharSequence X_FORWARDED_FOR = HttpHeaders.createOptimized("X-Forwarded-For");
    static final CharSequence X_FORWARDED_PROTO = HttpHeaders.createOptimized("X-Forwarded-Proto");
    static final CharSequence X_FORWARDED_HOST = HttpHeaders.createOptimized("X-Forwarded-Host");
    static final CharSequence X_REQUEST_START = HttpHeaders.createOptimized("X-Request-Start");
    static final CharSequence X_ROUTER_ERROR = HttpHeaders.createOptimized("X-Paas-Router-Error");
    static final CharSequence HTTP = HttpHeaders.createOptimized("http");

    /** RFC 9110 §7.6.1: meant for one connection, never forwarded (plus the old Proxy-Connection). */
    private static final CharSequence[] HOP_BY_HOP = {
        HttpHeaders.CONNECTION, HttpHeaders.KEEP_ALIVE, HttpHeaders.createOptimized("Proxy-Connection"),
        HttpHeaders.PROXY_AUTHENTICATE, HttpHeaders.PROXY_AUTHORIZATION, HttpHeaders.createOptimized("TE"),
        HttpHeaders.createOptimized("Trailer"), HttpHeaders.TRANSFER_ENCODING, HttpHeaders.UPGRADE,
    };

    /** Longest incoming request id kept; a longer or odd one is replaced by a new id. */
    private static final int MAX_REQUEST_ID = 128;

    private Headers() {
    }

    /**
     * Removes hop-by-hop headers from {@code headers}, including those the Connection header
     * names. {@code keepUpgrade} keeps Connection/Upgrade for a WebSocket handshake.
     */
    static void stripHopByHop(MultiMap headers, boolean keepUpgrade) {
        String connection = headers.get(HttpHeaders.CONNECTION);
        if (connection != null) {
            for (String token : connection.split(",")) {
                String name = token.trim();
                if (!name.isEmpty() && !(keepUpgrade && name.equalsIgnoreCase("upgrade"))) {
                    headers.remove(name);
                }
            }
        }
        String upgrade = keepUpgrade ? headers.get(HttpHeaders.UPGRADE) : null;
        for (CharSequence name : HOP_BY_HOP) {
            headers.remove(name);
        }
        if (upgrade != null) {
            headers.set(HttpHeaders.CONNECTION, "Upgrade");
            headers.set(HttpHeaders.UPGRADE, upgrade);
        }
    }

    /**
     * The X-Forwarded-* and X-Request-* headers an app sees. X-Forwarded-For gets the client's
     * address appended; Proto and Host and X-Request-Start are kept when a load balancer in front
     * already set them (it saw the request first), else set from this hop.
     */
    static void addForwarded(MultiMap headers, HttpServerRequest req, String requestId, long startMillis) {
        String client = req.remoteAddress() == null ? null : req.remoteAddress().hostAddress();
        if (client != null) {
            String before = headers.get(X_FORWARDED_FOR);
            headers.set(X_FORWARDED_FOR, before == null || before.isBlank() ? client : before + ", " + client);
        }
        if (!headers.contains(X_FORWARDED_PROTO)) {
            headers.set(X_FORWARDED_PROTO, HTTP);
        }
        if (!headers.contains(X_FORWARDED_HOST)) {
            String host = req.getHeader(HttpHeaders.HOST);
            if (host != null) {
                headers.set(X_FORWARDED_HOST, host);
            }
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
    static boolean isWebSocketUpgrade(HttpServerRequest req) {
        String upgrade = req.getHeader(HttpHeaders.UPGRADE);
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            return false;
        }
        String connection = req.getHeader(HttpHeaders.CONNECTION);
        return connection != null && connection.toLowerCase(java.util.Locale.ROOT).contains("upgrade");
    }
}
