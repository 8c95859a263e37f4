package dev.paas.api.rest;

import dev.paas.api.core.PageRequest;
import dev.paas.api.service.UserService;
import dev.paas.model.CreateUserRequest;
import dev.paas.model.Page;
import dev.paas.model.UserView;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/v1/users")
public class UserResource {

    private final UserService users;
    private final CurrentCaller caller;

    public UserResource(UserService users, CurrentCaller caller) {
        this.users = users;
        this.caller = caller;
    }

    @POST
    public Response create(CreateUserRequest req) {
        UserView u = users.create(caller.get(), req);
        return Created.at("/v1/users/" + u.username(), u);
    }

    @GET
    public Page<UserView> list(@RestQuery String page, @RestQuery String perPage) {
        return users.list(caller.get(), PageRequest.parse(page, perPage));
    }

    @GET
    @Path("/{username}")
    public UserView get(@RestPath String username) {
        return users.get(caller.get(), username);
    }

    @DELETE
    @Path("/{username}")
    public void delete(@RestPath String username) {
        users.delete(caller.get(), username);
    }
}
