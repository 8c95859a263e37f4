package dev.paas.model;

import java.util.Map;

/**
 * {@code PATCH /v1/spaces/{space}/apps/{app}}. {@code version} is required (the one last read);
 * null fields are left as they are. {@code env} replaces the whole map; an empty
 * {@code command} clears it.
 */
public record UpdateAppRequest(Long version, Integer instances, String memory, String command,
                               Map<String, String> env, HealthCheck healthCheck) {
}
