package dev.paas.scheduler.api;

import java.util.Objects;
import java.util.Optional;

/**
 * An instance that no node can take now. Not an error: it stays wanted (UNCLAIMED) and every
 * round tries again; {@link #message()} is what users see.
 *
 * @param instance the existing row, when one exists (a crashed or unclaimed instance)
 */
public record Pending(String appId, int index, Release release, Optional<InstanceId> instance,
                      StartReason reason, Rejections rejections) {

    public Pending {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(rejections, "rejections");
    }

    /** e.g. {@code "pending: 3 nodes insufficient memory, 1 cordoned"}. */
    public String message() {
        return rejections.message();
    }
}
