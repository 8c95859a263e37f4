package dev.paas.model;

import java.util.Map;

/**
 * {@code POST /v1/spaces/{space}/apps}. Only {@code name} is required; the rest default as in
 * Cloud Foundry (1 instance, 256M, port health check with a 60 s timeout, state STOPPED).
 *
 * @param disk disk quota per instance ({@code 1G}): the guest's writable space; none means 1G
 */
public record CreateAppRequest(String name, Integer instances, String memory, String command,
                               Map<String, String> env, HealthCheck healthCheck, String disk) {

    /** Without a disk quota. */
    public CreateAppRequest(String name, Integer instances, String memory, String command, Map<String, String> env,
                            HealthCheck healthCheck) {
        this(name, instances, memory, command, env, healthCheck, null);
    }
}
