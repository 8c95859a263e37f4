package dev.paas.scheduler.api;

import dev.paas.model.InstanceState;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One instance as the control plane last recorded it (Diego's ActualLRP).
 *
 * @param id         the instance row
 * @param appId      its app
 * @param index      its index, {@code 0..instances-1} when wanted
 * @param release    what it runs (or will run once placed)
 * @param state      its lifecycle state
 * @param node       where it is or last was; empty while never placed
 * @param createdAt  when the row was created; a rolling deploy's time-out counts from here
 * @param since      when it entered {@code state}: the crash time of a CRASHED one, the healthy
 *                   time of a RUNNING one
 * @param crashCount crashes since the count was last reset
 * @param endpoint   {@code host:port} where it serves, once RUNNING
 */
public record ActualInstance(InstanceId id, String appId, int index, Release release, InstanceState state,
                             Optional<String> node, Instant createdAt, Instant since, int crashCount,
                             Optional<String> endpoint) {

    public ActualInstance {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(endpoint, "endpoint");
        if (crashCount < 0) {
            throw new IllegalArgumentException("crashCount must not be negative, got " + crashCount);
        }
    }

    public ActualInstance withState(InstanceState newState, Instant newSince) {
        return new ActualInstance(id, appId, index, release, newState, node, createdAt, newSince, crashCount,
                endpoint);
    }

    public ActualInstance withCrashCount(int count) {
        return new ActualInstance(id, appId, index, release, state, node, createdAt, since, count, endpoint);
    }

    public ActualInstance withEndpoint(String hostPort) {
        return new ActualInstance(id, appId, index, release, state, node, createdAt, since, crashCount,
                Optional.of(hostPort));
    }
}
