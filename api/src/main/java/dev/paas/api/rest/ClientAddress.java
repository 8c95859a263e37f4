package dev.paas.api.rest;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/** The address a request came from, as Quarkus sees it (after its proxy-forwarding rules, when enabled). */
public final class ClientAddress {

    private ClientAddress() {}

    /** The client's IP address, or null when the connection has none (e.g. a Unix socket). */
    public static String of(HttpServerRequest request) {
        SocketAddress remote = request == null ? null : request.remoteAddress();
        return remote == null ? null : remote.hostAddress();
    }
}
