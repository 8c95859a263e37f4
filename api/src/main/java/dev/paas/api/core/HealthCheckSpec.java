package dev.paas.api.core;

import dev.paas.pushrules.Names;
import dev.paas.model.HealthCheck;
import dev.paas.model.HealthCheckType;

/** A validated health check: an endpoint only for HTTP checks, a timeout of 1-180 s. */
public record HealthCheckSpec(HealthCheckType type, String endpoint, int timeoutSeconds) {

    public static final HealthCheckSpec DEFAULT = new HealthCheckSpec(HealthCheckType.PORT, null, 60);

    /** Applies the non-null fields of {@code change} to {@code base} and validates the result. */
    public static HealthCheckSpec merge(HealthCheckSpec base, HealthCheck change) {
        if (change == null) {
            return base;
        }
        HealthCheckType type = change.type() != null ? change.type() : base.type();
        String endpoint = change.endpoint() != null ? change.endpoint() : base.endpoint();
        if (type != HealthCheckType.HTTP) {
            if (change.endpoint() != null) {
                throw ApiException.invalid("healthCheck.endpoint", "only an HTTP health check has an endpoint; set type to HTTP or leave it out");
            }
            endpoint = null;
        } else if (endpoint == null || endpoint.isEmpty()) {
            endpoint = "/";
        }
        if (endpoint != null && (!endpoint.startsWith("/") || endpoint.length() > 255 || endpoint.chars().anyMatch(c -> c <= ' ' || c == 127))) {
            throw ApiException.invalid("healthCheck.endpoint", "'" + Names.abbreviate(endpoint) + "' must be a path starting with '/', without spaces, at most 255 characters");
        }
        int timeout = change.timeout() != null ? change.timeout() : base.timeoutSeconds();
        if (timeout < 1 || timeout > 180) {
            throw ApiException.invalid("healthCheck.timeout", timeout + " is out of range; choose 1 to 180 seconds");
        }
        return new HealthCheckSpec(type, endpoint, timeout);
    }

    public HealthCheck toView() {
        return new HealthCheck(type, endpoint, timeoutSeconds);
    }
}
