package dev.paas.api.ui;

import dev.paas.api.core.ApiException;
import dev.paas.api.core.Caller;
import dev.paas.api.rest.SessionCookie;
import dev.paas.model.ErrorCode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

/**
 * The logged-in user of a dashboard request, set by {@link UiAuthFilter}. Templates read it as
 * {@code inject:session} (user name, admin flag, CSRF token for htmx's headers).
 */
@RequestScoped
@Named("session")
public class UiSession {

    private Caller caller;
    private String csrf;

    void set(Caller caller, String token) {
        this.caller = caller;
        this.csrf = SessionCookie.csrfToken(token);
    }

    public Caller caller() {
        if (caller == null) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, "log in first");
        }
        return caller;
    }

    public boolean isLoggedIn() {
        return caller != null;
    }

    public String getUsername() {
        return caller == null ? "" : caller.username();
    }

    public boolean isAdmin() {
        return caller != null && caller.isAdmin();
    }

    public String getCsrf() {
        return csrf == null ? "" : csrf;
    }
}
