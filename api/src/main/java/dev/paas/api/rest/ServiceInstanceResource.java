package dev.paas.api.rest;

import dev.paas.api.core.PageRequest;
import dev.paas.api.service.ManagedServices;
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
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Service instances of a space (members): user-provided, or managed by a broker. */
@Path("/v1/spaces/{space}/service-instances")
public class ServiceInstanceResource {

    private final ServiceInstanceService services;
    private final ManagedServices managed;
    private final CurrentCaller caller;

    public ServiceInstanceResource(ServiceInstanceService services, ManagedServices managed, CurrentCaller caller) {
        this.services = services;
        this.managed = managed;
        this.caller = caller;
    }

    /** 201; a managed instance the broker makes asynchronously: 202 (its last operation says "create in progress"). */
    @POST
    public Response create(@RestPath String space, CreateServiceInstanceRequest req) {
        ServiceInstanceView s;
        boolean done = true;
        if (req != null && req.managedForm()) {
            ManagedServices.Result r = managed.create(caller.get(), space, req);
            s = r.view();
            done = r.done();
        } else {
            s = services.create(caller.get(), space, req);
        }
        String location = "/v1/spaces/" + space + "/service-instances/" + URLEncoder.encode(s.name(), StandardCharsets.UTF_8).replace("+", "%20");
        return done ? Created.at(location, s) : Response.accepted(s).location(URI.create(location)).build();
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

    /** 204 when gone; 202 while a broker deprovisions it asynchronously. */
    @DELETE
    @Path("/{name}")
    public Response delete(@RestPath String space, @RestPath String name) {
        ManagedServices.Result r = managed.delete(caller.get(), space, name);
        return r.done() ? Response.noContent().build() : Response.accepted(r.view()).build();
    }
}
