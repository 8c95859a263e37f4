package dev.paas.api.ui;

import dev.paas.api.core.Caller;
import dev.paas.api.rest.SessionCookie;
import dev.paas.api.service.AuthService;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards every dashboard endpoint (everything outside {@code /v1} and {@code /q} except the
 * login page): a valid session cookie, and on every state-changing request the session's CSRF
 * token in {@code X-CSRF-Token} (htmx and the page scripts send it; a cross-site form cannot).
 * Refusals: no or expired session → the login page (303 for a page, {@code HX-Redirect} for
 * htmx, 401 otherwise), whose {@code next} is the page, never a fragment; missing or wrong CSRF
 * token → 403. A fragment's URL opened as a page (no {@code HX-Request}) is sent to its page (303).
 */
public class UiAuthFilter {

    static final String LOGIN = "/login";
    private final AuthService auth;
    private final UiSession session;

    public UiAuthFilter(AuthService auth, UiSession session) {
        this.auth = auth;
        this.session = session;
    }

    @ServerRequestFilter
    public Optional<Response> authenticate(ContainerRequestContext ctx) {
        String path = ctx.getUriInfo().getPath();
        if (path.startsWith("/v1/") || path.startsWith("/q/") || path.equals(LOGIN)) {
            return Optional.empty();
        }
        Optional<String> token = SessionCookie.read(ctx);
        Optional<Caller> caller = token.flatMap(auth::resolve);
        if (caller.isEmpty()) {
            return Optional.of(toLogin(ctx, path, token.isPresent()));
        }
        if (SessionCookie.needsCsrf(ctx) && !SessionCookie.csrfMatches(ctx, token.get())) {
            return Optional.of(Response.status(403).type(MediaType.TEXT_PLAIN_TYPE + ";charset=UTF-8")
                    .entity("Refused: this request did not carry the page's CSRF token, so it may come from another site. "
                            + "Reload the page and try again.").build());
        }
        session.set(caller.get(), token.get());
        if ("GET".equals(ctx.getMethod()) && ctx.getHeaderString("HX-Request") == null && Fragments.isFragment(path)) {
            // A fragment opened as a page (a bookmark, a link copied from a request) is a bare table: show its page.
            return Optional.of(Response.seeOther(URI.create(Fragments.pageOf(path))).build());
        }
        return Optional.empty();
    }

    private static Response toLogin(ContainerRequestContext ctx, String path, boolean hadSession) {
        String query = ctx.getUriInfo().getRequestUri().getRawQuery();
        // htmx's background requests are fragments: after logging in, the user lands on their page.
        String next = Fragments.isFragment(path) ? Fragments.pageOf(path) : path + (query == null ? "" : "?" + query);
        String target = LOGIN + "?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8) + (hadSession ? "&expired=1" : "");
        boolean tls = SessionCookie.tls(ctx);
        if (ctx.getHeaderString("HX-Request") != null) {
            return Response.status(401).header("HX-Redirect", target).cookie(SessionCookie.clear(tls))
                    .type(MediaType.TEXT_PLAIN_TYPE).entity("Your session has expired; log in again.").build();
        }
        if ("GET".equals(ctx.getMethod())) {
            return Response.seeOther(URI.create(target)).cookie(SessionCookie.clear(tls)).build();
        }
        return Response.status(401).type(MediaType.TEXT_PLAIN_TYPE).cookie(SessionCookie.clear(tls))
                .entity("Your session has expired or you are not logged in; log in again at " + LOGIN + ".").build();
    }
}
