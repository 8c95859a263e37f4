package dev.paas.api.scheduling;

import dev.paas.api.core.ProcessKey;
import dev.paas.api.infra.AppEntity;
import dev.paas.api.infra.AppProcessEntity;
import dev.paas.api.infra.InstanceEntity;
import dev.paas.api.infra.NodeEntity;
import dev.paas.api.infra.RevisionEntity;
import dev.paas.api.service.EventLog;
import dev.paas.api.service.LogHub;
import dev.paas.model.InstanceState;
import dev.paas.model.NodeState;
import dev.paas.scheduler.api.ConvergePlan;
import dev.paas.scheduler.api.DeployFailure;
import dev.paas.scheduler.api.GaveUp;
import dev.paas.scheduler.api.InstanceId;
import dev.paas.scheduler.api.Pending;
import dev.paas.scheduler.api.Placement;
import dev.paas.scheduler.api.RestartLater;
import dev.paas.scheduler.api.StartReason;
import dev.paas.scheduler.api.Stop;
import dev.paas.scheduler.api.StopReason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes one plan in one transaction: nodes marked DOWN, stops (a routed instance's through
 * {@link Drains}), placements, pending notes, crash notes and counts, failed deploys. Every
 * state it writes goes through its table ({@code InstanceEntity.moveTo}, {@code NodeEntity.moveTo}).
 * A plan is written once, in the round that made it from its snapshot. Called by the leader's
 * round only.
 */
@ApplicationScoped
public class PlanWriter {

    private final Clock clock;
    private final EventLog events;
    private final LogHub logs;
    private final Drains drains;

    public PlanWriter(Clock clock, EventLog events, LogHub logs, Drains drains) {
        this.clock = clock;
        this.events = events;
        this.logs = logs;
        this.drains = drains;
    }

    /** The note a crashed instance waiting out its back-off shows. */
    static String restartNote(RestartLater r) {
        return "crashed " + r.crashCount() + " times; restarting at " + r.at();
    }

    /** The note an instance the scheduler gave up on shows. */
    static String gaveUpNote(GaveUp g) {
        return "crashed " + g.crashCount() + " times; not restarted any more (push or restart the app)";
    }

    @Transactional
    boolean apply(ConvergePlan plan) {
        if (plan.isEmpty()) {
            return false;
        }
        Instant now = Instant.now(clock);
        Set<NodeEntity> touched = new HashSet<>();
        boolean changed = false;
        for (String name : plan.markDown()) {
            NodeEntity n = NodeEntity.byName(name).orElse(null);
            if (n != null && n.state != NodeState.DOWN && n.state.allowsTransitionTo(NodeState.DOWN)) {
                n.moveTo(NodeState.DOWN);
                events.record("scheduler", "node.down", null, null, "node/" + name, Map.of("lastHeartbeatAt", n.lastHeartbeatAt.toString()));
                changed = true;
            }
        }
        // Asked once a round that stops something, not once per instance.
        boolean liveRouters = !plan.stop().isEmpty() && drains.anyLiveRouter();
        for (Stop s : plan.stop()) {
            changed |= stop(s, touched, liveRouters);
        }
        for (Placement p : plan.start()) {
            place(p, now, touched);
            changed = true;
        }
        for (Pending p : plan.unplaceable()) {
            changed |= pending(p, now);
        }
        for (RestartLater r : plan.restartLater()) {
            InstanceEntity i = row(r.instance());
            String note = restartNote(r);
            if (i != null && !note.equals(i.placementError)) {
                i.placementError = note;
            }
        }
        for (InstanceId id : plan.resetCrashCount()) {
            InstanceEntity i = row(id);
            if (i != null && i.crashCount != 0) {
                i.crashCount = 0;
                changed = true;
            }
        }
        for (GaveUp g : plan.gaveUp()) {
            InstanceEntity i = row(g.instance());
            String note = gaveUpNote(g);
            if (i != null && !note.equals(i.placementError)) {
                i.placementError = note;
                events.record("scheduler", "instance.gave-up", i.app.space, i.app, target(i.app), Map.of("index", i.idx, "crashCount", g.crashCount()));
            }
        }
        for (DeployFailure f : plan.failedDeploys()) {
            ProcessKey key = ProcessKey.parse(f.appId());
            AppEntity a = AppEntity.findById(key.appId());
            if (a != null) {
                if (key.isWeb()) {
                    a.failedRelease = Snapshot.formatRelease(f.release());
                } else {
                    AppProcessEntity.of(a, key.type()).ifPresent(p -> p.failedRelease = Snapshot.formatRelease(f.release()));
                }
                events.record("scheduler", "app.deploy-failed", a.space, a, target(a), Map.of("reason", f.reason()));
                changed = true;
            }
        }
        touched.forEach(n -> n.desiredVersion++);
        return changed;
    }

    private boolean stop(Stop s, Set<NodeEntity> touched, boolean liveRouters) {
        InstanceEntity i = row(s.instance());
        if (i == null) {
            return false;
        }
        // A suspect released (its node is DOWN: nothing to ask it; its agent stops the VM if it
        // comes back, as the VM is no longer desired), or no VM at all: forget the row.
        if (s.reason() == StopReason.NODE_DOWN || i.node == null || !i.state.holdsResources()) {
            if (i.node != null) {
                touched.add(i.node);
            }
            i.delete();
            return true;
        }
        if (i.leaving()) {
            return false;
        }
        if (drains.drainFirst(i, liveRouters)) {
            return true; // Drains.finish asks the node once the routers have moved on
        }
        i.desired = InstanceEntity.Desired.STOP;
        touched.add(i.node);
        return true;
    }

    private void place(Placement p, Instant now, Set<NodeEntity> touched) {
        NodeEntity node = NodeEntity.byName(p.node()).orElseThrow();
        InstanceEntity existing = p.instance().map(this::row).orElse(null);
        if (p.reason() == StartReason.TASK && (existing == null || existing.state != InstanceState.UNCLAIMED)) {
            return; // A task's VM is placed once, on its own row; one cancelled meanwhile is gone.
        }
        InstanceEntity i;
        if (existing != null && existing.state == InstanceState.UNCLAIMED) {
            i = existing;
        } else {
            // A crash restart is a new row, never the crashed one moved back (InstanceState has
            // no CRASHED -> UNCLAIMED): agents know a VM by its row's id, so a late CRASHED report
            // of the old VM names a row that is gone and cannot clobber the new run. The new row
            // keeps the crash history, starts UNCLAIMED and is claimed below, through the table.
            i = unclaimed(p.appId(), p.index(), now).orElseThrow();
            if (existing != null) {
                i.crashCount = existing.crashCount;
                i.lastCrashAt = existing.lastCrashAt;
                i.lastExit = existing.lastExit;
                i.createdAt = existing.createdAt;
                if (existing.node != null) {
                    touched.add(existing.node);
                }
                existing.delete();
            }
        }
        i.revision = RevisionEntity.findById(Long.parseLong(p.release().revision()));
        i.memoryMb = p.release().memoryMb();
        i.diskMb = p.release().diskMb();
        i.node = node;
        i.desired = InstanceEntity.Desired.RUN;
        i.moveTo(InstanceState.CLAIMED, now);
        i.endpoint = null;
        i.healthy = null;
        i.placementError = null;
        if (i.id == null) {
            i.persist();
        }
        touched.add(node);
        logs.add(i.app.id, "CELL", i.idx, "OUT", "placed on node " + node.name + " (" + p.reason().name().toLowerCase(java.util.Locale.ROOT)
                + ", " + i.memoryMb + "M)");
    }

    private boolean pending(Pending p, Instant now) {
        InstanceEntity i = p.instance().map(this::row).orElse(null);
        String message = p.message();
        if (i == null && p.reason() == StartReason.TASK) {
            return false; // cancelled meanwhile: nothing to wait for
        }
        if (i == null) {
            Optional<InstanceEntity> fresh = unclaimed(p.appId(), p.index(), now);
            if (fresh.isEmpty()) {
                return false;
            }
            i = fresh.get();
            i.revision = RevisionEntity.findById(Long.parseLong(p.release().revision()));
            i.memoryMb = p.release().memoryMb();
            i.diskMb = p.release().diskMb();
            i.placementError = message;
            i.persist();
            return true;
        }
        if (i.state == InstanceState.CRASHED) {
            // Keep the crash record; the index is retried next round.
            i.placementError = message;
            return false;
        }
        if (!message.equals(i.placementError)) {
            i.placementError = message;
            return true;
        }
        return false;
    }

    /** A new UNCLAIMED row for index {@code index} of the process the scheduler's app id names; empty when the app is gone. */
    private static Optional<InstanceEntity> unclaimed(String schedulerAppId, int index, Instant now) {
        ProcessKey key = ProcessKey.parse(schedulerAppId);
        AppEntity app = AppEntity.findById(key.appId());
        if (app == null) {
            return Optional.empty();
        }
        InstanceEntity i = InstanceEntity.unclaimed(app, index, now);
        i.processType = key.type();
        return Optional.of(i);
    }

    private InstanceEntity row(InstanceId id) {
        return InstanceEntity.findById(Long.parseLong(id.value()));
    }

    private static String target(AppEntity a) {
        return "app/" + a.space.name + "/" + a.name;
    }
}
