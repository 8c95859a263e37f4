package dev.paas.scheduler.api;

import java.util.Objects;

/**
 * A rolling deploy of {@code release} that did not become healthy in time. The plan already
 * stops its unhealthy new instances; the caller records {@code release} as the app's
 * {@link DesiredApp#failedRelease()} so later rounds keep the old release serving.
 */
public record DeployFailure(String appId, Release release, String reason) {

    public DeployFailure {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(reason, "reason");
    }
}
