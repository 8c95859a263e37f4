package dev.paas.scheduler.api;

import java.util.Objects;
import java.util.Optional;

/**
 * Start {@code release} as {@code appId}'s instance {@code index} on {@code node}.
 *
 * @param instance the existing row to place again (a crashed or unclaimed one); empty means a new row
 */
public record Placement(String appId, int index, Release release, String node, Optional<InstanceId> instance,
                        StartReason reason) {

    public Placement {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(reason, "reason");
    }
}
