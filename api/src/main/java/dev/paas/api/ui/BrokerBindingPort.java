package dev.paas.api.ui;

import dev.paas.api.core.Caller;
import dev.paas.api.service.ManagedBindings;
import dev.paas.model.CreateServiceBindingRequest;
import dev.paas.model.ServiceBindingView;
import jakarta.enterprise.context.ApplicationScoped;

/** The Services card binds as {@code /v1/.../service-bindings} does: a managed instance through its broker. */
@ApplicationScoped
public class BrokerBindingPort implements BindingPort {

    private final ManagedBindings bindings;

    public BrokerBindingPort(ManagedBindings bindings) {
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
