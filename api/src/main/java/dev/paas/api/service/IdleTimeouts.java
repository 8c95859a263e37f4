package dev.paas.api.service;

import dev.paas.api.core.ApiException;
import dev.paas.api.infra.AppEntity;
import dev.paas.pushrules.IdleTimeout;
import java.util.Map;

/** The idle timeout of {@code PATCH .../apps/{app}} ({@code idleTimeoutSeconds}), kept apart from the app's spec. */
final class IdleTimeouts {

    static final String FIELD = "idleTimeoutSeconds";

    private IdleTimeouts() {
    }

    /** Null (leave it) or 0..86400, else 400 naming the field. */
    static Integer checked(Integer seconds) {
        return seconds == null ? null : ApiException.checked(FIELD, seconds, s -> IdleTimeout.secondsProblem(s));
    }

    /**
     * Applies a checked timeout; a change goes into the audit trail's {@code changes}. Any update
     * of the app wakes it, and ends its waking: a user acting on an app is activity, its count applies
     * at once, and a timeout of 0 means never idle.
     */
    static void apply(AppEntity a, Integer seconds, Map<String, Object> changes) {
        if (seconds != null && seconds != a.idleTimeoutSeconds) {
            a.idleTimeoutSeconds = seconds;
            changes.put(FIELD, seconds);
        }
        IdleApps.userActivity(a);
    }
}
