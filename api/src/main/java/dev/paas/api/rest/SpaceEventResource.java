package dev.paas.api.rest;

import dev.paas.api.core.PageRequest;
import dev.paas.api.service.EventService;
import dev.paas.model.EventView;
import dev.paas.model.Page;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/v1/spaces/{space}/events")
public class SpaceEventResource {

    private final EventService events;
    private final CurrentCaller caller;

    public SpaceEventResource(EventService events, CurrentCaller caller) {
        this.events = events;
        this.caller = caller;
    }

    /** A space's audit trail, newest first; {@code ?app=NAME} narrows it to one app. */
    @GET
    public Page<EventView> ofSpace(@RestPath String space, @RestQuery String app, @RestQuery String page, @RestQuery String perPage) {
        return events.ofSpace(caller.get(), space, app, PageRequest.parse(page, perPage));
    }
}
