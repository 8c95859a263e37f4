package dev.paas.api.core;

import dev.paas.pushrules.AppRules;
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
        ApiException.checked("healthCheck.endpoint", endpoint, AppRules::endpointProblem);
        int timeout = ApiException.checked("healthCheck.timeout",
                change.timeout() != null ? change.timeout() : base.timeoutSeconds(), AppRules::timeoutProblem);
        return new HealthCheckSpec(type, endpoint, timeout);
    }

    public HealthCheck toView() {
        return new HealthCheck(type, endpoint, timeoutSeconds);
    }
}
