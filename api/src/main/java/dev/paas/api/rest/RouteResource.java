package dev.paas.api.rest;

import dev.paas.api.core.PageRequest;
import dev.paas.api.service.RouteService;
import dev.paas.model.CreateRouteRequest;
import dev.paas.model.MapRouteRequest;
import dev.paas.model.Page;
import dev.paas.model.RouteView;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/v1/spaces/{space}/routes")
public class RouteResource {

    private final RouteService routes;
    private final CurrentCaller caller;

    public RouteResource(RouteService routes, CurrentCaller caller) {
        this.routes = routes;
        this.caller = caller;
    }

    @POST
    public Response create(@RestPath String space, CreateRouteRequest req) {
        RouteView r = routes.create(caller.get(), space, req);
        return Created.at("/v1/spaces/" + space + "/routes/" + r.id(), r);
    }

    @GET
    public Page<RouteView> list(@RestPath String space, @RestQuery String page, @RestQuery String perPage) {
        return routes.list(caller.get(), space, PageRequest.parse(page, perPage));
    }

    @PUT
    @Path("/{id}/app")
    public RouteView map(@RestPath String space, @RestPath String id, MapRouteRequest req) {
        return routes.map(caller.get(), space, routeId(space, id), req);
    }

    @DELETE
    @Path("/{id}/app")
    public RouteView unmap(@RestPath String space, @RestPath String id) {
        return routes.unmap(caller.get(), space, routeId(space, id));
    }

    @DELETE
    @Path("/{id}")
    public void delete(@RestPath String space, @RestPath String id) {
        routes.delete(caller.get(), space, routeId(space, id));
    }

    private static long routeId(String space, String id) {
        return Params.id(id, "route " + id + " in space '" + space + "'");
    }
}
