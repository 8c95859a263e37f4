package dev.paas.scheduler.api;

import java.util.Objects;

/**
 * A crashed instance that crashed too often to be restarted; it stays CRASHED until the app is
 * restarted or pushed. Listed in every round while it stays so; the writer records the event once.
 */
public record GaveUp(InstanceId instance, String appId, int index, int crashCount) {

    public GaveUp {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(appId, "appId");
    }
}
