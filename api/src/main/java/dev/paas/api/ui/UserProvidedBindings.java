package dev.paas.api.ui;

import dev.paas.api.core.Caller;
import dev.paas.api.service.ServiceBindingService;
import dev.paas.model.CreateServiceBindingRequest;
import dev.paas.model.ServiceBindingView;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

/** The {@link BindingPort} of a control plane without service brokers: bindings of user-provided instances. */
@DefaultBean
@ApplicationScoped
public class UserProvidedBindings implements BindingPort {

    private final ServiceBindingService bindings;

    public UserProvidedBindings(ServiceBindingService bindings) {
        this.bindings = bindings;
    }

    @Override
    public ServiceBindingView bind(Caller caller, String space, String app, CreateServiceBindingRequest request) {
        return bindings.bind(caller, space, app, request);
    }

    @Override
    public void unbind(Caller caller, String space, String app, String service) {
        bindings.unbind(caller, space, app, service);
    }
}
