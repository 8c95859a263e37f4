package dev.paas.scheduler.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One consistent snapshot of desired and actual state, and the time of the round. Apps absent
 * from {@code apps} are deleted: all their instances are stopped.
 */
public record ConvergeInput(List<DesiredApp> apps, List<ActualInstance> actual, List<NodeView> nodes, Instant now,
                            ConvergeSettings settings) {

    public ConvergeInput {
        apps = List.copyOf(apps);
        actual = List.copyOf(actual);
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(settings, "settings");
    }

    /** With {@link ConvergeSettings#defaults()}. */
    public ConvergeInput(List<DesiredApp> apps, List<ActualInstance> actual, List<NodeView> nodes, Instant now) {
        this(apps, actual, nodes, now, ConvergeSettings.defaults());
    }

    public ConvergeInput withSettings(ConvergeSettings newSettings) {
        return new ConvergeInput(apps, actual, nodes, now, newSettings);
    }
}
