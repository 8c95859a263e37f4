package dev.paas.nodeagent.infra;

import dev.paas.model.InstanceReport;
import dev.paas.model.InstanceState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the supervisor publishes for other threads after every change: the heartbeat's reports,
 * which ended incarnations they cover (for the acknowledgement), allocated memory, counts by
 * state (metrics) and the images in use (pinned in the cache). Immutable.
 */
public record Snapshot(List<InstanceReport> reports, Map<Long, Long> terminalIncarnations, int allocatedMb,
                       Map<InstanceState, Integer> countsByState, Set<String> imagesInUse) {

    static final Snapshot EMPTY = new Snapshot(List.of(), Map.of(), 0, Map.of(), Set.of());

    /** Called on the supervisor's context only (it reads the instances' mutable fields). */
    static Snapshot of(Collection<Instance> instances) {
        List<InstanceReport> reports = new ArrayList<>();
        Map<Long, Long> terminal = new HashMap<>();
        Map<InstanceState, Integer> counts = new EnumMap<>(InstanceState.class);
        Set<String> inUse = new HashSet<>();
        int allocated = 0;
        for (Instance i : instances.stream().sorted(Comparator.comparingLong(x -> x.id)).toList()) {
            InstanceState s = i.health.state();
            boolean ended = s == InstanceState.CRASHED || s == InstanceState.STOPPED;
            reports.add(new InstanceReport(i.id, s, i.health.since(), i.endpoint, i.health.healthy(),
                    i.health.reason().orElse(null), ended ? null : i.rssBytes, ended ? null : i.cpuSeconds,
                    ended ? null : i.guestMemoryUsedBytes));
            if (ended) {
                terminal.put(i.id, i.incarnation);
            } else {
                if (i.handle != null) {
                    inUse.add(i.handle.imageDigest());
                }
                if (i.desired != null && i.desired.imageDigest() != null) {
                    inUse.add(i.desired.imageDigest());
                }
            }
            if (s.holdsResources()) {
                allocated += i.memoryMb;
            }
            counts.merge(s, 1, Integer::sum);
        }
        return new Snapshot(List.copyOf(reports), Map.copyOf(terminal), allocated, Map.copyOf(counts), Set.copyOf(inUse));
    }

    /** Whether the control plane would learn something new: an instance came, went, or changed state, health or endpoint. */
    boolean reportsDifferFrom(Snapshot other) {
        if (reports.size() != other.reports.size()) {
            return true;
        }
        for (int k = 0; k < reports.size(); k++) {
            InstanceReport a = reports.get(k);
            InstanceReport b = other.reports.get(k);
            if (a.instanceId() != b.instanceId() || a.state() != b.state() || !Objects.equals(a.healthy(), b.healthy())
                    || !Objects.equals(a.endpoint(), b.endpoint())) {
                return true;
            }
        }
        return false;
    }
}
