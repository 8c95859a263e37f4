package dev.paas.model;

import java.time.Instant;

/**
 * A route: {@code host} (+ optional {@code path} prefix) claimed by a space, maybe mapped to an
 * app; {@code url} is where a browser reaches it through the platform's routers (their public
 * port included when it is not 80).
 */
public record RouteView(long id, String host, String path, String space, String app, Instant createdAt, String url) {
}
