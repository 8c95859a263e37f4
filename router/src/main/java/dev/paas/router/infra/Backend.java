package dev.paas.router.infra;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * One instance endpoint as the router dials it: {@code address} exactly as the control plane
 * wrote it ({@code host:port}, IPv6 in brackets), its parts, and the socket address made once
 * (not per request). A host name is looked up then, on the table watcher's thread, never on an
 * event loop; one that does not resolve leaves an unresolved address whose connect fails.
 */
record Backend(String address, String host, int port, InetSocketAddress socket) {

    Backend(String address, String host, int port) {
        this(address, host, port, new InetSocketAddress(host, port));
    }

    /** Parses {@code host:port} or {@code [v6]:port}; empty when it is neither. */
    static Optional<Backend> parse(String address) {
        if (address == null) {
            return Optional.empty();
        }
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            return Optional.empty();
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            return Optional.empty();
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (host.isEmpty() || port < 1 || port > 65535) {
            return Optional.empty();
        }
        return Optional.of(new Backend(address, host, port));
    }
}
