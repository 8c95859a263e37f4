package dev.paas.api.rest;

import dev.paas.api.core.PageRequest;
import dev.paas.api.service.EventService;
import dev.paas.model.EventView;
import dev.paas.model.Page;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/v1/events")
public class EventResource {

    private final EventService events;
    private final CurrentCaller caller;

    public EventResource(EventService events, CurrentCaller caller) {
        this.events = events;
        this.caller = caller;
    }

    /** Every event, newest first (admin). */
    @GET
    public Page<EventView> all(@RestQuery String page, @RestQuery String perPage) {
        return events.all(caller.get(), PageRequest.parse(page, perPage));
    }
}
