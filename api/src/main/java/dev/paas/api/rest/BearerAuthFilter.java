package dev.paas.api.rest;

import dev.paas.api.core.Caller;
import dev.paas.api.service.AuthService;
import dev.paas.model.ErrorBody;
import dev.paas.model.ErrorCode;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Resolves {@code Authorization: Bearer <token>} on every {@code /v1} request except login.
 * Runs on the worker thread of the (blocking) endpoint, after matching, so unknown paths stay 404.
 */
public class BearerAuthFilter {

    static final String LOGIN_PATH = "/v1/auth/login";
    private final AuthService auth;
    private final CurrentCaller current;

    public BearerAuthFilter(AuthService auth, CurrentCaller current) {
        this.auth = auth;
        this.current = current;
    }

    @ServerRequestFilter
    public Optional<Response> authenticate(ContainerRequestContext ctx) {
        String path = ctx.getUriInfo().getPath();
        if (!path.startsWith("/v1/") || path.equals(LOGIN_PATH)) {
            return Optional.empty();
        }
        String header = ctx.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            return Optional.of(refuse("log in first: send 'Authorization: Bearer <token>' (get one from POST /v1/auth/login or 'paas login')"));
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            return Optional.of(refuse("the Authorization header must be 'Bearer <token>'"));
        }
        String token = header.substring(7).strip();
        Optional<Caller> caller = auth.resolve(token);
        if (caller.isEmpty()) {
            return Optional.of(refuse("the token is unknown, expired or revoked; log in again"));
        }
        current.set(caller.get(), token);
        return Optional.empty();
    }

    private static Response refuse(String message) {
        return Response.status(401)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"paas\"")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(ErrorCode.UNAUTHENTICATED, message))
                .build();
    }
}
