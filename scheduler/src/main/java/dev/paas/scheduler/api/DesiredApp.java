package dev.paas.scheduler.api;

import dev.paas.model.AppState;
import java.util.Objects;
import java.util.Optional;

/**
 * What a user asked for (Diego's DesiredLRP): never what runs.
 *
 * @param id            the app's id
 * @param state         STARTED or STOPPED
 * @param instances     how many instances (indexes {@code 0..instances-1}) should run
 * @param release       the revision and memory every instance should run
 * @param constraints   where it may run
 * @param maxInFlight   how many indexes a rolling deploy replaces at once (default 1)
 * @param failedRelease set by the caller after a plan reported a {@link DeployFailure} for this
 *                      release; while it equals {@code release} the rollout stays frozen
 */
public record DesiredApp(String id, AppState state, int instances, Release release, Constraints constraints,
                         int maxInFlight, Optional<Release> failedRelease) {

    /** One index at a time, as Cloud Foundry's rolling deploys do by default. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 1;

    public DesiredApp {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(constraints, "constraints");
        Objects.requireNonNull(failedRelease, "failedRelease");
        if (instances < 0) {
            throw new IllegalArgumentException("instances must not be negative, got " + instances);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
        }
    }

    /** A started app without constraints, rolled one index at a time. */
    public static DesiredApp started(String id, int instances, String revision, int memoryMb) {
        return new DesiredApp(id, AppState.STARTED, instances, Release.of(revision, memoryMb), Constraints.none(),
                DEFAULT_MAX_IN_FLIGHT, Optional.empty());
    }

    public DesiredApp stopped() {
        return new DesiredApp(id, AppState.STOPPED, instances, release, constraints, maxInFlight, failedRelease);
    }

    public DesiredApp withInstances(int count) {
        return new DesiredApp(id, state, count, release, constraints, maxInFlight, failedRelease);
    }

    public DesiredApp withRelease(String revision, int memoryMb) {
        return new DesiredApp(id, state, instances, Release.of(revision, memoryMb), constraints, maxInFlight,
                failedRelease);
    }

    public DesiredApp withConstraints(Constraints newConstraints) {
        return new DesiredApp(id, state, instances, release, newConstraints, maxInFlight, failedRelease);
    }

    public DesiredApp withMaxInFlight(int count) {
        return new DesiredApp(id, state, instances, release, constraints, count, failedRelease);
    }

    public DesiredApp withFailedRelease(Release failed) {
        return new DesiredApp(id, state, instances, release, constraints, maxInFlight, Optional.of(failed));
    }

    /** Whether a deploy of the current release already failed, so the rollout is frozen. */
    public boolean rolloutFrozen() {
        return failedRelease.filter(release::equals).isPresent();
    }
}
