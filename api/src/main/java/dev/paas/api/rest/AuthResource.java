package dev.paas.api.rest;

import dev.paas.api.service.AuthService;
import dev.paas.api.service.UserService;
import dev.paas.model.LoginRequest;
import dev.paas.model.LoginResponse;
import dev.paas.model.MeView;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;

@Path("/v1")
public class AuthResource {

    private final AuthService auth;
    private final UserService users;
    private final CurrentCaller caller;

    public AuthResource(AuthService auth, UserService users, CurrentCaller caller) {
        this.auth = auth;
        this.users = users;
        this.caller = caller;
    }

    @POST
    @Path("/auth/login")
    public LoginResponse login(LoginRequest req, @Context HttpServerRequest request) {
        return auth.login(req, ClientAddress.of(request));
    }

    @POST
    @Path("/auth/logout")
    public void logout() {
        auth.logout(caller.token());
    }

    @GET
    @Path("/me")
    public MeView me() {
        return users.me(caller.get());
    }
}
