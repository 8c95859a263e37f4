package dev.paas.api.rest;

import dev.paas.api.core.PageRequest;
import dev.paas.api.service.SecurityGroupService;
import dev.paas.model.CreateSecurityGroupRequest;
import dev.paas.model.Page;
import dev.paas.model.SecurityGroupView;
import dev.paas.model.UpdateSecurityGroupRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Security groups: egress allow-lists, bound platform-wide or to spaces (writes: admin). */
@Path("/v1/security-groups")
public class SecurityGroupResource {

    private final SecurityGroupService groups;
    private final CurrentCaller caller;

    public SecurityGroupResource(SecurityGroupService groups, CurrentCaller caller) {
        this.groups = groups;
        this.caller = caller;
    }

    @POST
    public Response create(CreateSecurityGroupRequest req) {
        SecurityGroupView g = groups.create(caller.get(), req);
        return Created.at("/v1/security-groups/" + g.name(), g);
    }

    @GET
    public Page<SecurityGroupView> list(@RestQuery String page, @RestQuery String perPage) {
        return groups.list(caller.get(), PageRequest.parse(page, perPage));
    }

    @GET
    @Path("/{group}")
    public SecurityGroupView get(@RestPath String group) {
        return groups.get(caller.get(), group);
    }

    @PATCH
    @Path("/{group}")
    public SecurityGroupView update(@RestPath String group, UpdateSecurityGroupRequest req) {
        return groups.update(caller.get(), group, req);
    }

    @DELETE
    @Path("/{group}")
    public void delete(@RestPath String group) {
        groups.delete(caller.get(), group);
    }

    @PUT
    @Path("/{group}/platform")
    public SecurityGroupView bindPlatform(@RestPath String group) {
        return groups.bindPlatform(caller.get(), group);
    }

    @DELETE
    @Path("/{group}/platform")
    public SecurityGroupView unbindPlatform(@RestPath String group) {
        return groups.unbindPlatform(caller.get(), group);
    }

    @PUT
    @Path("/{group}/spaces/{space}")
    public SecurityGroupView bindSpace(@RestPath String group, @RestPath String space) {
        return groups.bindSpace(caller.get(), group, space);
    }

    @DELETE
    @Path("/{group}/spaces/{space}")
    public SecurityGroupView unbindSpace(@RestPath String group, @RestPath String space) {
        return groups.unbindSpace(caller.get(), group, space);
    }
}
