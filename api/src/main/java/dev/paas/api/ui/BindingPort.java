package dev.paas.api.ui;

import dev.paas.api.core.Caller;
import dev.paas.model.CreateServiceBindingRequest;
import dev.paas.model.ServiceBindingView;

/**
 * How the Services card binds and unbinds: exactly as {@code POST} and {@code DELETE
 * /v1/.../service-bindings} do, through this small door, so that a binding to a managed instance
 * goes through its broker ({@link BrokerBindingPort}, which delegates to what the REST resource
 * calls). Called on request threads.
 */
public interface BindingPort {

    /** Validates everything before anything is written; a broker's failure is a 502. */
    ServiceBindingView bind(Caller caller, String space, String app, CreateServiceBindingRequest request);

    void unbind(Caller caller, String space, String app, String service);
}
