package dev.paas.api.ui;

import dev.paas.api.core.ApiException;
import dev.paas.api.infra.PaasConfig;
import dev.paas.api.rest.ClientAddress;
import dev.paas.api.rest.SessionCookie;
import dev.paas.api.service.AuthService;
import dev.paas.model.LoginRequest;
import dev.paas.model.LoginResponse;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;

/** Logging in and out of the dashboard: a session is an API token kept in an HttpOnly cookie. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class LoginPage {

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance login(String next, String message, String username, boolean expired);
    }

    private final AuthService auth;
    private final PaasConfig config;

    public LoginPage(AuthService auth, PaasConfig config) {
        this.auth = auth;
        this.config = config;
    }

    @GET
    @Path("login")
    public TemplateInstance form(@RestQuery String next, @RestQuery String expired, @RestQuery String out) {
        String message = expired != null ? "Your session has expired. Log in again to continue."
                : out != null ? "You are logged out." : null;
        return Templates.login(safeNext(next), message, "", expired != null);
    }

    @POST
    @Path("login")
    @Produces(MediaType.TEXT_HTML)
    public Response login(@RestForm String username, @RestForm String password, @RestForm String next, @Context UriInfo uri,
                          @Context HttpHeaders headers, @Context HttpServerRequest request,
                          @RestHeader("Origin") String origin, @RestHeader("Host") String host) {
        if (!sameOrigin(origin, host)) {
            // Login CSRF: another site must not log a visitor into an account of its choosing.
            return Response.status(403).entity(Templates.login("/", "This login form was sent from another site; log in here instead.",
                    "", false).render()).build();
        }
        LoginResponse session;
        try {
            session = auth.startSession(new LoginRequest(username, password), ClientAddress.of(request));
        } catch (ApiException e) {
            // Same words for an unknown user and a wrong password: names are not revealed.
            String message = e.code().httpStatus() == 401 ? "Wrong username or password." : e.getMessage();
            Response.ResponseBuilder answer = Response.status(e.code().httpStatus())
                    .entity(Templates.login(safeNext(next), message, username == null ? "" : username, false).render());
            if (e.retryAfterSeconds() > 0) {
                answer.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            }
            return answer.build();
        }
        return Response.seeOther(URI.create(safeNext(next)))
                .cookie(SessionCookie.start(session.token(), config.auth().sessionTtl(), tls(uri, headers))).build();
    }

    /** Ends the session on the server (the token is revoked) and in the browser. */
    @POST
    @Path("logout")
    public Response logout(@RestCookie(SessionCookie.NAME) String token, @Context UriInfo uri, @Context HttpHeaders headers) {
        if (token != null && !token.isBlank()) {
            auth.logout(token);
        }
        return Response.ok().header("HX-Redirect", "/login?out=1").cookie(SessionCookie.clear(tls(uri, headers))).build();
    }

    private static boolean tls(UriInfo uri, HttpHeaders headers) {
        return SessionCookie.tls(uri.getRequestUri().getScheme(), headers.getHeaderString("X-Forwarded-Proto"),
                headers.getHeaderString("Forwarded"));
    }

    /** Browsers send Origin on every POST; when they do, it must name the host the form was posted to. */
    static boolean sameOrigin(String origin, String host) {
        if (origin == null || origin.isBlank()) {
            return true;
        }
        if (host == null || "null".equals(origin)) {
            return false;
        }
        String authority = origin.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
        String plainHost = host.replaceFirst(":(80|443)$", "");
        return authority.equalsIgnoreCase(host) || authority.equalsIgnoreCase(plainHost);
    }

    /** Only a local path, never a redirect to another site after login; a fragment's page rather than the fragment. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || next.startsWith(UiAuthFilter.LOGIN)) {
            return "/";
        }
        return Fragments.pageOf(next);
    }
}
