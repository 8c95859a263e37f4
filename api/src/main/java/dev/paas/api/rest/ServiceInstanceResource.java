package dev.paas.api.rest;

import dev.paas.api.core.PageRequest;
import dev.paas.api.service.ServiceInstanceService;
import dev.paas.model.CreateServiceInstanceRequest;
import dev.paas.model.Page;
import dev.paas.model.ServiceCredentialsView;
import dev.paas.model.ServiceInstanceView;
import dev.paas.model.UpdateServiceInstanceRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** User-provided service instances of a space (members). */
@Path("/v1/spaces/{space}/service-instances")
public class ServiceInstanceResource {

    private final ServiceInstanceService services;
    private final CurrentCaller caller;

    public ServiceInstanceResource(ServiceInstanceService services, CurrentCaller caller) {
        this.services = services;
        this.caller = caller;
    }

    @POST
    public Response create(@RestPath String space, CreateServiceInstanceRequest req) {
        ServiceInstanceView s = services.create(caller.get(), space, req);
        return Created.at("/v1/spaces/" + space + "/service-instances/"
                + URLEncoder.encode(s.name(), StandardCharsets.UTF_8).replace("+", "%20"), s);
    }

    @GET
    public Page<ServiceInstanceView> list(@RestPath String space, @RestQuery String page, @RestQuery String perPage) {
        return services.list(caller.get(), space, PageRequest.parse(page, perPage));
    }

    @GET
    @Path("/{name}")
    public ServiceInstanceView get(@RestPath String space, @RestPath String name) {
        return services.get(caller.get(), space, name);
    }

    @GET
    @Path("/{name}/credentials")
    public ServiceCredentialsView credentials(@RestPath String space, @RestPath String name) {
        return services.credentials(caller.get(), space, name);
    }

    @PATCH
    @Path("/{name}")
    public ServiceInstanceView update(@RestPath String space, @RestPath String name, UpdateServiceInstanceRequest req) {
        return services.update(caller.get(), space, name, req);
    }

    @DELETE
    @Path("/{name}")
    public void delete(@RestPath String space, @RestPath String name) {
        services.delete(caller.get(), space, name);
    }
}
