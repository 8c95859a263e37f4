package dev.paas.api.rest;

import dev.paas.api.core.Secrets;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.NewCookie;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The dashboard's session: an ordinary API token (from {@code AuthService.startSession}) kept
 * in an HttpOnly cookie, so a session is revoked, expires and resolves exactly like a bearer
 * token. Its CSRF token is derived from it (a hash no page script can turn back into the
 * session), so nothing more is stored; a state-changing request must echo it in
 * {@value #CSRF_HEADER}.
 */
public final class SessionCookie {

    public static final String NAME = "paas_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private SessionCookie() {
    }

    /** The session token the browser sent, if any. */
    public static Optional<String> read(ContainerRequestContext ctx) {
        Cookie c = ctx.getCookies().get(NAME);
        return c == null || c.getValue() == null || c.getValue().isBlank() ? Optional.empty() : Optional.of(c.getValue());
    }

    /** Whether the request changes something and so must carry the CSRF token. */
    public static boolean needsCsrf(ContainerRequestContext ctx) {
        return !SAFE_METHODS.contains(ctx.getMethod());
    }

    /** The CSRF token of a session: stable for the session's life, useless without it. */
    public static String csrfToken(String sessionToken) {
        return Secrets.sha256Hex("paas-csrf:" + sessionToken);
    }

    /** Whether the request carries the session's CSRF token in {@value #CSRF_HEADER}. */
    public static boolean csrfMatches(ContainerRequestContext ctx, String sessionToken) {
        String sent = ctx.getHeaderString(CSRF_HEADER);
        return sent != null && java.security.MessageDigest.isEqual(sent.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                csrfToken(sessionToken).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * The cookie that starts a session: HttpOnly (no script reads it), SameSite=Lax (not sent on
     * cross-site posts, still sent when a link to the dashboard is followed), Secure on TLS.
     */
    public static NewCookie start(String token, Duration ttl, boolean tls) {
        return build(token, (int) Math.min(Integer.MAX_VALUE, ttl.toSeconds()), tls);
    }

    /** The cookie that ends a session in the browser. */
    public static NewCookie clear(boolean tls) {
        return build("", 0, tls);
    }

    /** Whether the browser reached us over TLS: see {@link #tls(String, String, String)}. */
    public static boolean tls(ContainerRequestContext ctx) {
        return tls(ctx.getUriInfo().getRequestUri().getScheme(), ctx.getHeaderString("X-Forwarded-Proto"),
                ctx.getHeaderString("Forwarded"));
    }

    /**
     * Whether the browser reached us over TLS: directly ({@code scheme} https), or through a
     * TLS-terminating proxy that says so in {@code X-Forwarded-Proto: https} or
     * {@code Forwarded: ...;proto=https} (the first hop of either, the one the browser used).
     * Believing a client here is safe: a Secure cookie is only stricter.
     */
    public static boolean tls(String scheme, String xForwardedProto, String forwarded) {
        if ("https".equalsIgnoreCase(scheme)) {
            return true;
        }
        if (xForwardedProto != null && "https".equalsIgnoreCase(xForwardedProto.split(",", 2)[0].strip())) {
            return true;
        }
        if (forwarded == null) {
            return false;
        }
        for (String pair : forwarded.split(",", 2)[0].split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && "proto".equalsIgnoreCase(pair.substring(0, eq).strip())) {
                return "https".equalsIgnoreCase(pair.substring(eq + 1).strip().replace("\"", ""));
            }
        }
        return false;
    }

    private static NewCookie build(String value, int maxAge, boolean tls) {
        return new NewCookie.Builder(NAME).value(value).path("/").maxAge(maxAge).httpOnly(true).secure(tls)
                .sameSite(NewCookie.SameSite.LAX).build();
    }
}
