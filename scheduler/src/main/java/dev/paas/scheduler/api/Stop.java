package dev.paas.scheduler.api;

import java.util.Objects;
import java.util.Optional;

/** Stop one instance; {@code node} is where it is, empty if it never got one. */
public record Stop(InstanceId instance, String appId, int index, Optional<String> node, StopReason reason) {

    public Stop {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(reason, "reason");
    }
}
