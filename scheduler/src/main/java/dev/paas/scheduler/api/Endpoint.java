package dev.paas.scheduler.api;

import java.util.Objects;

/** Where one RUNNING instance serves: {@code address} is {@code host:port}. */
public record Endpoint(InstanceId instance, String appId, int index, String address) {

    public Endpoint {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(address, "address");
    }
}
