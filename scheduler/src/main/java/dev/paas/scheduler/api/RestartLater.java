package dev.paas.scheduler.api;

import java.time.Instant;
import java.util.Objects;

/** A crashed instance in back-off: it is placed again by the first round at or after {@code at}. */
public record RestartLater(InstanceId instance, String appId, int index, int crashCount, Instant at) {

    public RestartLater {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(at, "at");
    }
}
