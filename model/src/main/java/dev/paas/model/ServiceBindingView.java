package dev.paas.model;

import java.time.Instant;

/**
 * An app's binding to a service instance of its space.
 *
 * @param bindingName   the name VCAP_SERVICES shows as {@code binding_name} (null: none was given)
 * @param guid          the binding_guid apps see in VCAP_SERVICES
 * @param lastOperation a managed binding whose unbind failed: {@code {type: delete, state: failed,
 *                      description}}; null otherwise (a binding exists only once its broker made it)
 */
public record ServiceBindingView(String app, String serviceInstance, String bindingName, String guid, Instant createdAt,
                                 LastOperationView lastOperation) {

    public ServiceBindingView(String app, String serviceInstance, String bindingName, String guid, Instant createdAt) {
        this(app, serviceInstance, bindingName, guid, createdAt, null);
    }
}
