package dev.paas.api.rest;

import dev.paas.api.service.ProcessService;
import dev.paas.model.ProcessRequest;
import dev.paas.model.ProcessView;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.util.List;
import org.jboss.resteasy.reactive.RestPath;

/** An app's process types ({@code web}, {@code worker}...): list, read, create or scale, remove. */
@Path("/v1/spaces/{space}/apps/{app}/processes")
public class ProcessResource {

    private final ProcessService processes;
    private final CurrentCaller caller;

    public ProcessResource(ProcessService processes, CurrentCaller caller) {
        this.processes = processes;
        this.caller = caller;
    }

    @GET
    public List<ProcessView> list(@RestPath String space, @RestPath String app) {
        return processes.list(caller.get(), space, app);
    }

    @GET
    @Path("/{type}")
    public ProcessView get(@RestPath String space, @RestPath String app, @RestPath String type) {
        return processes.get(caller.get(), space, app, type);
    }

    @PUT
    @Path("/{type}")
    public ProcessView put(@RestPath String space, @RestPath String app, @RestPath String type, ProcessRequest req) {
        return processes.put(caller.get(), space, app, type, req);
    }

    @DELETE
    @Path("/{type}")
    public void delete(@RestPath String space, @RestPath String app, @RestPath String type) {
        processes.delete(caller.get(), space, app, type);
    }
}
