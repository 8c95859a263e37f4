package dev.paas.api.rest;

import dev.paas.api.core.PageRequest;
import dev.paas.api.service.AppService;
import dev.paas.api.service.RequestMetricsService;
import dev.paas.model.AppMetricsView;
import dev.paas.model.AppState;
import dev.paas.model.AppView;
import dev.paas.model.CreateAppRequest;
import dev.paas.model.InstanceView;
import dev.paas.model.Page;
import dev.paas.model.UpdateAppRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/v1/spaces/{space}/apps")
public class AppResource {

    private final AppService apps;
    private final CurrentCaller caller;
    private final RequestMetricsService metrics;

    public AppResource(AppService apps, CurrentCaller caller, RequestMetricsService metrics) {
        this.apps = apps;
        this.caller = caller;
        this.metrics = metrics;
    }

    @POST
    public Response create(@RestPath String space, CreateAppRequest req) {
        AppView a = apps.create(caller.get(), space, req);
        return Created.at("/v1/spaces/" + space + "/apps/" + a.name(), a);
    }

    @GET
    public Page<AppView> list(@RestPath String space, @RestQuery String page, @RestQuery String perPage) {
        return apps.list(caller.get(), space, PageRequest.parse(page, perPage));
    }

    @GET
    @Path("/{app}")
    public AppView get(@RestPath String space, @RestPath String app) {
        return apps.get(caller.get(), space, app);
    }

    @PATCH
    @Path("/{app}")
    public AppView update(@RestPath String space, @RestPath String app, UpdateAppRequest req) {
        return apps.update(caller.get(), space, app, req);
    }

    @GET
    @Path("/{app}/metrics")
    public AppMetricsView metrics(@RestPath String space, @RestPath String app) {
        return metrics.of(caller.get(), space, app);
    }

    @GET
    @Path("/{app}/instances")
    public List<InstanceView> instances(@RestPath String space, @RestPath String app) {
        return apps.instances(caller.get(), space, app);
    }

    @POST
    @Path("/{app}/start")
    public AppView start(@RestPath String space, @RestPath String app) {
        return apps.setState(caller.get(), space, app, AppState.STARTED);
    }

    @POST
    @Path("/{app}/stop")
    public AppView stop(@RestPath String space, @RestPath String app) {
        return apps.setState(caller.get(), space, app, AppState.STOPPED);
    }

    @DELETE
    @Path("/{app}")
    public void delete(@RestPath String space, @RestPath String app) {
        apps.delete(caller.get(), space, app);
    }
}
