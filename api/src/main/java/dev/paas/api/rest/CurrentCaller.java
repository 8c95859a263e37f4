package dev.paas.api.rest;

import dev.paas.api.core.ApiException;
import dev.paas.api.core.Caller;
import dev.paas.model.ErrorCode;
import jakarta.enterprise.context.RequestScoped;

/** The caller of the current request, set by {@link BearerAuthFilter}. */
@RequestScoped
public class CurrentCaller {

    private Caller caller;
    private String token;

    void set(Caller caller, String token) {
        this.caller = caller;
        this.token = token;
    }

    public Caller get() {
        if (caller == null) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, "log in first: send 'Authorization: Bearer <token>' (paas login)");
        }
        return caller;
    }

    String token() {
        get();
        return token;
    }
}
