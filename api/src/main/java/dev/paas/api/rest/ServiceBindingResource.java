package dev.paas.api.rest;

import dev.paas.api.service.ManagedBindings;
import dev.paas.api.service.ServiceBindingService;
import dev.paas.model.CreateServiceBindingRequest;
import dev.paas.model.ServiceBindingView;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jboss.resteasy.reactive.RestPath;

/** An app's service bindings (members); changes reach instances at the next restart or staging. */
@Path("/v1/spaces/{space}/apps/{app}/service-bindings")
public class ServiceBindingResource {

    private final ServiceBindingService bindings;
    private final ManagedBindings managed;
    private final CurrentCaller caller;

    public ServiceBindingResource(ServiceBindingService bindings, ManagedBindings managed, CurrentCaller caller) {
        this.bindings = bindings;
        this.managed = managed;
        this.caller = caller;
    }

    @POST
    public Response bind(@RestPath String space, @RestPath String app, CreateServiceBindingRequest req) {
        ServiceBindingView b = managed.bind(caller.get(), space, app, req);
        return Created.at("/v1/spaces/" + space + "/apps/" + app + "/service-bindings/"
                + URLEncoder.encode(b.serviceInstance(), StandardCharsets.UTF_8).replace("+", "%20"), b);
    }

    @GET
    public List<ServiceBindingView> list(@RestPath String space, @RestPath String app) {
        return bindings.list(caller.get(), space, app);
    }

    @DELETE
    @Path("/{service}")
    public void unbind(@RestPath String space, @RestPath String app, @RestPath String service) {
        managed.unbind(caller.get(), space, app, service);
    }
}
