package dev.paas.api.rest;

import dev.paas.api.service.ServiceBrokerService;
import dev.paas.model.MarketplaceView;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.jboss.resteasy.reactive.RestQuery;

/** The marketplace (any logged-in user): every broker's offerings and plans, as {@code cf marketplace [-e OFFERING]}. */
@Path("/v1/marketplace")
public class MarketplaceResource {

    private final ServiceBrokerService brokers;
    private final CurrentCaller caller;

    public MarketplaceResource(ServiceBrokerService brokers, CurrentCaller caller) {
        this.brokers = brokers;
        this.caller = caller;
    }

    @GET
    public MarketplaceView list(@RestQuery String offering) {
        return brokers.marketplace(caller.get(), offering);
    }
}
