package dev.paas.model;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/spaces/{space}/service-instances}: a user-provided service instance, as
 * {@code cf create-user-provided-service}. {@code routeServiceUrl} is refused (paas has no route
 * services); it is a field so the refusal can say so.
 */
public record CreateServiceInstanceRequest(String name, Map<String, Object> credentials, String syslogDrainUrl,
                                           String routeServiceUrl, List<String> tags) {
}
