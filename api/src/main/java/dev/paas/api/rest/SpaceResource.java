package dev.paas.api.rest;

import dev.paas.api.core.PageRequest;
import dev.paas.api.service.SpaceService;
import dev.paas.model.CreateSpaceRequest;
import dev.paas.model.MemberView;
import dev.paas.model.Page;
import dev.paas.model.SpaceView;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/v1/spaces")
public class SpaceResource {

    private final SpaceService spaces;
    private final CurrentCaller caller;

    public SpaceResource(SpaceService spaces, CurrentCaller caller) {
        this.spaces = spaces;
        this.caller = caller;
    }

    @POST
    public Response create(CreateSpaceRequest req) {
        SpaceView s = spaces.create(caller.get(), req);
        return Created.at("/v1/spaces/" + s.name(), s);
    }

    @GET
    public Page<SpaceView> list(@RestQuery String page, @RestQuery String perPage) {
        return spaces.list(caller.get(), PageRequest.parse(page, perPage));
    }

    @GET
    @Path("/{space}")
    public SpaceView get(@RestPath String space) {
        return spaces.get(caller.get(), space);
    }

    @DELETE
    @Path("/{space}")
    public void delete(@RestPath String space) {
        spaces.delete(caller.get(), space);
    }

    @GET
    @Path("/{space}/members")
    public List<MemberView> members(@RestPath String space) {
        return spaces.members(caller.get(), space);
    }

    @PUT
    @Path("/{space}/members/{username}")
    public void addMember(@RestPath String space, @RestPath String username) {
        spaces.addMember(caller.get(), space, username);
    }

    @DELETE
    @Path("/{space}/members/{username}")
    public void removeMember(@RestPath String space, @RestPath String username) {
        spaces.removeMember(caller.get(), space, username);
    }
}
