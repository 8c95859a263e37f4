package dev.paas.scheduler.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One consistent snapshot of desired and actual state, and the time of the round. Apps absent
 * from {@code apps} are deleted: all their instances are stopped.
 *
 * @param freshSince when this scheduler began to hear heartbeats: the moment it became leader or
 *                   reconnected to its database. No node is declared DOWN before it has had a full
 *                   heartbeat time-out from then to report (the leader's grace period). A
 *                   scheduler that has heard everything all along passes {@link Instant#MIN}.
 * @param tasks      the VMs of one-off tasks, one each: never part of an app's round (never
 *                   restarted, scaled or rolled), but their memory counts on their node while
 *                   they hold a VM, and an UNCLAIMED one is placed like an instance (or stays
 *                   pending with its reasons). Each has an app id of its own.
 */
public record ConvergeInput(List<DesiredApp> apps, List<ActualInstance> actual, List<NodeView> nodes, Instant now,
                            ConvergeSettings settings, Instant freshSince, List<ActualInstance> tasks) {

    public ConvergeInput {
        apps = List.copyOf(apps);
        actual = List.copyOf(actual);
        nodes = List.copyOf(nodes);
        tasks = List.copyOf(tasks);
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(freshSince, "freshSince");
    }

    /** No tasks. */
    public ConvergeInput(List<DesiredApp> apps, List<ActualInstance> actual, List<NodeView> nodes, Instant now,
                         ConvergeSettings settings, Instant freshSince) {
        this(apps, actual, nodes, now, settings, freshSince, List.of());
    }

    /** Fresh all along ({@code freshSince} = {@link Instant#MIN}). */
    public ConvergeInput(List<DesiredApp> apps, List<ActualInstance> actual, List<NodeView> nodes, Instant now,
                         ConvergeSettings settings) {
        this(apps, actual, nodes, now, settings, Instant.MIN);
    }

    /** With {@link ConvergeSettings#defaults()}, fresh all along. */
    public ConvergeInput(List<DesiredApp> apps, List<ActualInstance> actual, List<NodeView> nodes, Instant now) {
        this(apps, actual, nodes, now, ConvergeSettings.defaults());
    }

    public ConvergeInput withSettings(ConvergeSettings newSettings) {
        return new ConvergeInput(apps, actual, nodes, now, newSettings, freshSince, tasks);
    }

    /** The same snapshot with these task VMs. */
    public ConvergeInput withTasks(List<ActualInstance> taskVms) {
        return new ConvergeInput(apps, actual, nodes, now, settings, freshSince, taskVms);
    }

    /** The same snapshot seen by a scheduler that began to hear heartbeats at {@code since}. */
    public ConvergeInput withFreshSince(Instant since) {
        return new ConvergeInput(apps, actual, nodes, now, settings, since, tasks);
    }
}
