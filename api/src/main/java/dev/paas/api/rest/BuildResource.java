package dev.paas.api.rest;

import dev.paas.api.service.BuildService;
import dev.paas.model.AppEnvView;
import dev.paas.model.BuildView;
import dev.paas.model.CreateBuildRequest;
import dev.paas.model.RevisionView;
import dev.paas.model.RollbackRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Staging builds, their output, and the revisions they produce. */
@Path("/v1/spaces/{space}/apps/{app}")
public class BuildResource {

    private final BuildService builds;
    private final CurrentCaller caller;

    public BuildResource(BuildService builds, CurrentCaller caller) {
        this.builds = builds;
        this.caller = caller;
    }

    @POST
    @Path("/builds")
    public Response create(@RestPath String space, @RestPath String app, CreateBuildRequest req) {
        BuildView b = builds.create(caller.get(), space, app, req);
        return Created.at("/v1/spaces/" + space + "/apps/" + app + "/builds/" + b.id(), b);
    }

    /**
     * A rolling restart without staging: a new revision (the current image, the app's env and
     * memory of now) made current; returns it. Instances are replaced one at a time.
     */
    @POST
    @Path("/restart")
    public RevisionView restart(@RestPath String space, @RestPath String app) {
        return builds.restart(caller.get(), space, app);
    }

    /**
     * A restage: the current revision's package staged again with the app's current settings,
     * then rolled out; follow the returned build like a push's.
     */
    @POST
    @Path("/restage")
    public Response restage(@RestPath String space, @RestPath String app) {
        BuildView b = builds.restage(caller.get(), space, app);
        return Created.at("/v1/spaces/" + space + "/apps/" + app + "/builds/" + b.id(), b);
    }

    @GET
    @Path("/builds")
    public List<BuildView> list(@RestPath String space, @RestPath String app) {
        return builds.list(caller.get(), space, app);
    }

    @GET
    @Path("/builds/{id}")
    public BuildView get(@RestPath String space, @RestPath String app, @RestPath String id) {
        return builds.get(caller.get(), space, app, id(app, id));
    }

    /** The staging output from character {@code offset} on; poll with the length read so far. */
    @GET
    @Path("/builds/{id}/log")
    @Produces(MediaType.TEXT_PLAIN)
    public String log(@RestPath String space, @RestPath String app, @RestPath String id, @RestQuery String offset) {
        int from = (int) Params.number("offset", offset, 0, Integer.MAX_VALUE, 0);
        return builds.log(caller.get(), space, app, id(app, id), from);
    }

    /** What the app's instances run with, and the env set since (applied by a restart). */
    @GET
    @Path("/env")
    public AppEnvView env(@RestPath String space, @RestPath String app) {
        return builds.env(caller.get(), space, app);
    }

    @GET
    @Path("/revisions")
    public List<RevisionView> revisions(@RestPath String space, @RestPath String app) {
        return builds.revisions(caller.get(), space, app);
    }

    @POST
    @Path("/rollback")
    public RevisionView rollback(@RestPath String space, @RestPath String app, RollbackRequest req) {
        return builds.rollback(caller.get(), space, app, req == null ? null : req.version());
    }

    private static long id(String app, String id) {
        return Params.id(id, "build " + id + " of app '" + app + "'");
    }
}
