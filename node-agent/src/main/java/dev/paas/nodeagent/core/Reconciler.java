package dev.paas.nodeagent.core;

import dev.paas.model.DesiredInstance;
import dev.paas.model.InstanceState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Desired instances against local ones → actions, as one pure function (Diego's rep does the
 * same against its containers).
 *
 * <p>Rules, in order, per instance id:
 * <ul>
 * <li>local and busy (an action in flight): nothing</li>
 * <li>local STARTING/RUNNING, not desired: stop with its grace period</li>
 * <li>local CRASHED/STOPPED whose end was acknowledged (a heartbeat that reported it was answered
 *     with a desired version not newer than the one planned here): forget it; if it is still
 *     desired, start it again (the control plane re-placed it here)</li>
 * <li>desired, not local, image known: start if its memory fits under the node's limit,
 *     otherwise refuse with the reason</li>
 * </ul>
 */
public final class Reconciler {

    /** Used when the control plane sends no grace period. */
    public static final int DEFAULT_GRACE_SECONDS = 10;

    /**
     * What the supervisor knows of one local instance.
     *
     * @param reportedAtVersion the desired version in the answer to the first heartbeat that
     *                          reported this instance's end; empty while unreported
     */
    public record Local(long instanceId, InstanceState state, boolean busy, int memoryMb, int graceSeconds,
                        OptionalLong reportedAtVersion) {}

    /** An action for the supervisor, applied in list order. */
    public sealed interface Action permits Start, Stop, Forget, Refuse {
        long instanceId();
    }

    public record Start(DesiredInstance desired) implements Action {
        public long instanceId() { return desired.instanceId(); }
    }

    public record Stop(long instanceId, int graceSeconds, String reason) implements Action {}

    public record Forget(long instanceId) implements Action {}

    public record Refuse(DesiredInstance desired, String reason) implements Action {
        public long instanceId() { return desired.instanceId(); }
    }

    private Reconciler() {}

    public static List<Action> plan(long desiredVersion, List<DesiredInstance> desired, List<Local> local,
                                    int memoryLimitMb) {
        Map<Long, DesiredInstance> wanted = new HashMap<>();
        desired.forEach(d -> wanted.put(d.instanceId(), d));
        Map<Long, Local> have = new HashMap<>();
        local.forEach(l -> have.put(l.instanceId(), l));

        int allocated = local.stream().filter(l -> l.state().holdsResources()).mapToInt(Local::memoryMb).sum();
        List<Action> actions = new ArrayList<>();
        List<DesiredInstance> toStart = new ArrayList<>();

        for (Local l : local.stream().sorted(Comparator.comparingLong(Local::instanceId)).toList()) {
            if (l.busy()) {
                continue;
            }
            DesiredInstance d = wanted.get(l.instanceId());
            switch (l.state()) {
                case STARTING, RUNNING, CLAIMED -> {
                    if (d == null) {
                        actions.add(new Stop(l.instanceId(), grace(l.graceSeconds()), "no longer desired"));
                    }
                }
                case CRASHED, STOPPED -> {
                    boolean acknowledged = l.reportedAtVersion().isPresent()
                            && l.reportedAtVersion().getAsLong() <= desiredVersion;
                    if (acknowledged) {
                        actions.add(new Forget(l.instanceId()));
                        if (d != null) {
                            toStart.add(d);
                        }
                    }
                }
                default -> { }
            }
        }
        for (DesiredInstance d : desired.stream().sorted(Comparator.comparingLong(DesiredInstance::instanceId)).toList()) {
            if (!have.containsKey(d.instanceId())) {
                toStart.add(d);
            }
        }
        toStart.sort(Comparator.comparingLong(DesiredInstance::instanceId));
        for (DesiredInstance d : toStart) {
            if (d.imageDigest() == null || d.imageDigest().isBlank()) {
                continue;  // not staged yet: nothing to boot
            }
            if (allocated + d.memoryMb() > memoryLimitMb) {
                actions.add(new Refuse(d, "insufficient memory on node: " + d.memoryMb() + " MiB requested, "
                        + Math.max(0, memoryLimitMb - allocated) + " of " + memoryLimitMb + " MiB free"));
                continue;
            }
            allocated += d.memoryMb();
            actions.add(new Start(d));
        }
        return actions;
    }

    public static int grace(int seconds) {
        return seconds > 0 ? seconds : DEFAULT_GRACE_SECONDS;
    }
}
