package dev.paas.model;

import java.time.Instant;

/** A route: {@code host} (+ optional {@code path} prefix) claimed by a space, maybe mapped to an app. */
public record RouteView(long id, String host, String path, String space, String app, Instant createdAt) {
}
