package dev.paas.model;

import java.util.Map;

/** {@code GET .../service-instances/{name}/credentials}: a user-provided instance's credentials (members only). */
public record ServiceCredentialsView(String name, Map<String, Object> credentials) {
}
