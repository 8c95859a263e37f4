package dev.paas.api.rest;

import dev.paas.api.core.Caller;
import dev.paas.api.service.AuthService;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;

/**
 * {@code /q/metrics} names every app and space, so it is for admins: it needs
 * {@code Authorization: Bearer <an admin's API token>} (a Prometheus scrape sets it with
 * {@code authorization: {credentials: ...}}). Without a token 401, with a developer's 403, as the
 * API answers. {@code /q/health} and {@code /q/openapi} stay open. The token is checked on a worker
 * thread (it reads the database), then the request goes on to Micrometer's handler.
 */
@ApplicationScoped
public class MetricsAuth {

    static final String PATH = "/q/metrics";
    private final AuthService auth;

    public MetricsAuth(AuthService auth) {
        this.auth = auth;
    }

    void install(@Observes Router router) {
        router.route(PATH).order(Integer.MIN_VALUE).handler(this::check);
    }

    private void check(RoutingContext rc) {
        String header = rc.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            refuse(rc, 401, "UNAUTHENTICATED", "/q/metrics is for admins: send 'Authorization: Bearer <an admin's token>' (paas login as an admin)");
            return;
        }
        String token = header.substring(7).strip();
        rc.vertx().<Optional<Caller>>executeBlocking(() -> auth.resolve(token), false).onComplete(ar -> {
            if (ar.failed()) {
                refuse(rc, 503, "DATABASE_UNAVAILABLE", "the token could not be checked: " + ar.cause().getMessage());
            } else if (ar.result().isEmpty()) {
                refuse(rc, 401, "UNAUTHENTICATED", "the token is unknown, expired or revoked; log in again");
            } else if (!ar.result().get().isAdmin()) {
                refuse(rc, 403, "FORBIDDEN", "/q/metrics is for admins: it names every space's apps");
            } else {
                rc.next();
            }
        });
    }

    private static void refuse(RoutingContext rc, int status, String code, String message) {
        var response = rc.response().setStatusCode(status).putHeader("Content-Type", "application/json");
        if (status == 401) {
            response.putHeader("WWW-Authenticate", "Bearer realm=\"paas\"");
        }
        response.end(new io.vertx.core.json.JsonObject().put("code", code).put("message", message).encode());
    }
}
