package dev.paas.api.rest;

import dev.paas.api.core.PageRequest;
import dev.paas.api.service.ServiceBrokerService;
import dev.paas.model.CreateServiceBrokerRequest;
import dev.paas.model.Page;
import dev.paas.model.ServiceBrokerView;
import dev.paas.model.UpdateServiceBrokerRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Service brokers (admins): registering one fetches and stores its catalog. */
@Path("/v1/service-brokers")
public class ServiceBrokerResource {

    private final ServiceBrokerService brokers;
    private final CurrentCaller caller;

    public ServiceBrokerResource(ServiceBrokerService brokers, CurrentCaller caller) {
        this.brokers = brokers;
        this.caller = caller;
    }

    @POST
    public Response create(CreateServiceBrokerRequest req) {
        ServiceBrokerView b = brokers.create(caller.get(), req);
        return Created.at("/v1/service-brokers/" + URLEncoder.encode(b.name(), StandardCharsets.UTF_8).replace("+", "%20"), b);
    }

    @GET
    public Page<ServiceBrokerView> list(@RestQuery String page, @RestQuery String perPage) {
        return brokers.list(caller.get(), PageRequest.parse(page, perPage));
    }

    @PUT
    @Path("/{name}")
    public ServiceBrokerView update(@RestPath String name, UpdateServiceBrokerRequest req) {
        return brokers.update(caller.get(), name, req);
    }

    @DELETE
    @Path("/{name}")
    public void delete(@RestPath String name) {
        brokers.delete(caller.get(), name);
    }
}
