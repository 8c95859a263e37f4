package dev.paas.model;

import java.util.List;
import java.util.Map;

/**
 * {@code PATCH /v1/spaces/{space}/service-instances/{name}}, as
 * {@code cf update-user-provided-service}: each field given replaces the old value (credentials as
 * a whole); a null field is left as it is; an empty {@code syslogDrainUrl} removes it.
 */
public record UpdateServiceInstanceRequest(Map<String, Object> credentials, String syslogDrainUrl,
                                           String routeServiceUrl, List<String> tags) {
}
