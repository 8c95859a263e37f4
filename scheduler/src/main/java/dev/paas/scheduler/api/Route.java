package dev.paas.scheduler.api;

import java.util.Objects;

/**
 * A route: requests for {@code host} whose path starts with {@code path} go to {@code appId}.
 * An empty path matches every path; otherwise it starts with '/' and matches whole segments
 * ({@code /api} matches {@code /api} and {@code /api/v1}, not {@code /apix}).
 */
public record Route(String host, String path, String appId) {

    public Route {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(appId, "appId");
        host = host.toLowerCase(java.util.Locale.ROOT);
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (!path.isEmpty() && !path.startsWith("/")) {
            throw new IllegalArgumentException("a route path starts with '/', got " + path);
        }
    }

    public static Route of(String host, String appId) {
        return new Route(host, "", appId);
    }
}
