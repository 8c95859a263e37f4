package dev.paas.api.rest;

import dev.paas.api.core.Caller;
import dev.paas.api.core.NodeCaller;
import dev.paas.api.infra.PaasConfig;
import dev.paas.api.service.AuthService;
import dev.paas.api.service.NodeService;
import dev.paas.model.ErrorBody;
import dev.paas.model.ErrorCode;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Resolves {@code Authorization: Bearer <token>} on every {@code /v1} request except login and
 * node join: a user's token, or under {@code /v1/agent/} a node credential. Without the header,
 * a user endpoint also accepts the dashboard's {@link SessionCookie}, CSRF-checked.
 * Runs on the worker thread of the (blocking) endpoint, after matching, so unknown paths stay 404.
 */
public class BearerAuthFilter {

    static final String LOGIN_PATH = "/v1/auth/login";
    /** Authenticated by a join token, checked by the join itself. */
    static final String JOIN_PATH = "/v1/agent/join";
    /** Everything else under here is for node agents, with their node credential. */
    static final String AGENT_PREFIX = "/v1/agent/";
    /** For routers, with the router key. */
    static final String ROUTING_PREFIX = "/v1/routing/";
    private final AuthService auth;
    private final NodeService nodes;
    private final CurrentCaller current;
    private final CurrentNode currentNode;

    private final Optional<String> routerKey;

    public BearerAuthFilter(AuthService auth, NodeService nodes, CurrentCaller current, CurrentNode currentNode, PaasConfig config) {
        this.routerKey = config.router().key().filter(k -> !k.isBlank());
        this.auth = auth;
        this.nodes = nodes;
        this.current = current;
        this.currentNode = currentNode;
    }

    @ServerRequestFilter
    public Optional<Response> authenticate(ContainerRequestContext ctx) {
        String path = ctx.getUriInfo().getPath();
        if (!path.startsWith("/v1/") || path.equals(LOGIN_PATH) || path.equals(JOIN_PATH)) {
            return Optional.empty();
        }
        String header = ctx.getHeaderString(HttpHeaders.AUTHORIZATION);
        boolean machinePath = path.startsWith(AGENT_PREFIX) || path.startsWith(ROUTING_PREFIX);
        Optional<String> session = SessionCookie.read(ctx);
        if ((header == null || header.isBlank()) && session.isPresent() && !machinePath) {
            return viaSession(ctx, session.get());
        }
        if (header == null || header.isBlank()) {
            return Optional.of(refuse("log in first: send 'Authorization: Bearer <token>' (get one from POST /v1/auth/login or 'paas login')"));
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            return Optional.of(refuse("the Authorization header must be 'Bearer <token>'"));
        }
        String token = header.substring(7).strip();
        if (path.startsWith(ROUTING_PREFIX)) {
            boolean ok = routerKey.isPresent() && MessageDigest.isEqual(routerKey.get().getBytes(StandardCharsets.UTF_8),
                    token.getBytes(StandardCharsets.UTF_8));
            return ok ? Optional.empty() : Optional.of(refuse("the router key is wrong, or none is configured (PAAS_ROUTER_KEY)"));
        }
        if (path.startsWith(AGENT_PREFIX)) {
            Optional<NodeCaller> node = nodes.resolve(token);
            if (node.isEmpty()) {
                return Optional.of(refuse("the node credential is unknown or was replaced by a newer join; join again"));
            }
            currentNode.set(node.get());
            return Optional.empty();
        }
        Optional<Caller> caller = auth.resolve(token);
        if (caller.isEmpty()) {
            return Optional.of(refuse("the token is unknown, expired or revoked; log in again"));
        }
        current.set(caller.get(), token);
        return Optional.empty();
    }

    /**
     * The dashboard calls {@code /v1} with its session cookie (log stream, package upload):
     * reads as any token would, changes only with the session's CSRF token in the header.
     */
    private Optional<Response> viaSession(ContainerRequestContext ctx, String token) {
        Optional<Caller> caller = auth.resolve(token);
        if (caller.isEmpty()) {
            return Optional.of(refuse("the dashboard session has expired or was logged out; log in again"));
        }
        if (SessionCookie.needsCsrf(ctx) && !SessionCookie.csrfMatches(ctx, token)) {
            return Optional.of(ErrorMapper.answer(ErrorCode.FORBIDDEN, "a browser session may change things only with its CSRF token in "
                    + SessionCookie.CSRF_HEADER + "; reload the dashboard page"));
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
