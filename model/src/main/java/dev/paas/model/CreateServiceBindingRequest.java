package dev.paas.model;

import java.util.Map;

/**
 * {@code POST /v1/spaces/{space}/apps/{app}/service-bindings}, as {@code cf bind-service}.
 *
 * @param serviceInstance the instance's name in the app's space, or its guid
 * @param parameters      refused for user-provided instances, as in Cloud Foundry
 * @param bindingName     the {@code binding_name} of VCAP_SERVICES (optional)
 */
public record CreateServiceBindingRequest(String serviceInstance, Map<String, Object> parameters, String bindingName) {
}
