package dev.paas.api.scheduling;

import dev.paas.api.infra.AppEntity;
import dev.paas.api.infra.InstanceEntity;
import dev.paas.api.infra.NodeEntity;
import dev.paas.api.infra.RevisionEntity;
import dev.paas.api.infra.RouteEntity;
import dev.paas.api.service.EventLog;
import dev.paas.api.service.LogHub;
import dev.paas.api.service.RouterRegistry;
import dev.paas.api.service.RoutingService;
import dev.paas.model.InstanceState;
import dev.paas.model.NodeState;
import dev.paas.scheduler.api.ConvergeInput;
import dev.paas.scheduler.api.ConvergePlan;
import dev.paas.scheduler.api.ConvergeSettings;
import dev.paas.scheduler.api.Converger;
import dev.paas.scheduler.api.DeployFailure;
import dev.paas.scheduler.api.GaveUp;
import dev.paas.scheduler.api.InstanceId;
import dev.paas.scheduler.api.Pending;
import dev.paas.scheduler.api.Placement;
import dev.paas.scheduler.api.RestartLater;
import dev.paas.scheduler.api.Stop;
import dev.paas.scheduler.api.StopReason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * One scheduling round: read a consistent snapshot, converge, write the plan. Called only by the
 * leader's loop thread; each half is one transaction.
 */
@ApplicationScoped
public class SchedulerRound {

    /**
     * The longest an unrouted instance waits for the routers before it is stopped anyway (a live
     * router that never moves on to the new table must not keep old instances forever).
     */
    static final Duration MAX_DRAIN = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(SchedulerRound.class);
    private final EntityManager em;
    private final Clock clock;
    private final EventLog events;
    private final Converger converger = Converger.standard();
    private final LogHub logs;
    private final RoutingService routing;
    private final RouterRegistry routers;

    public SchedulerRound(EntityManager em, Clock clock, EventLog events, LogHub logs, RoutingService routing,
                          RouterRegistry routers) {
        this.em = em;
        this.clock = clock;
        this.events = events;
        this.logs = logs;
        this.routing = routing;
        this.routers = routers;
    }

    /** Runs one round as a scheduler that has heard every heartbeat all along; returns whether it changed anything. */
    public boolean run(Duration heartbeatTimeout) {
        return run(heartbeatTimeout, Instant.MIN);
    }

    /**
     * Runs one round; returns whether it changed anything. {@code freshSince} is when this
     * scheduler began to hear heartbeats (it became leader or reconnected to the database): no
     * node is declared DOWN before it has had {@code heartbeatTimeout} from then to report.
     */
    public boolean run(Duration heartbeatTimeout, Instant freshSince) {
        ConvergeInput input = snapshot(heartbeatTimeout).withFreshSince(freshSince);
        ConvergePlan plan = converger.converge(input);
        return apply(plan) | finishDrains() | cleanUp();
    }

    @Transactional
    ConvergeInput snapshot(Duration heartbeatTimeout) {
        // All reads of the round see one moment of the database.
        em.createNativeQuery("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY").executeUpdate();
        var apps = AppEntity.<AppEntity>listAll().stream().map(Snapshot::desired).flatMap(Optional::stream).toList();
        var actual = InstanceEntity.<InstanceEntity>list("state <> ?1", InstanceState.STOPPED).stream().map(Snapshot::actual).toList();
        var nodes = NodeEntity.<NodeEntity>listAll().stream().map(Snapshot::node).toList();
        ConvergeSettings settings = ConvergeSettings.defaults().withHeartbeatTimeout(heartbeatTimeout);
        return new ConvergeInput(apps, actual, nodes, Instant.now(clock), settings);
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
                n.state = NodeState.DOWN;
                events.record("scheduler", "node.down", null, null, "node/" + name, Map.of("lastHeartbeatAt", n.lastHeartbeatAt.toString()));
                changed = true;
            }
        }
        // Asked once a round that stops something, not once per instance.
        boolean liveRouters = !plan.stop().isEmpty() && routers.anyLive();
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
            String note = "crashed " + r.crashCount() + " times; restarting at " + r.at();
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
            String note = "crashed " + g.crashCount() + " times; not restarted any more (push or restart the app)";
            if (i != null && !note.equals(i.placementError)) {
                i.placementError = note;
                events.record("scheduler", "instance.gave-up", i.app.space, i.app, target(i.app), Map.of("index", i.idx, "crashCount", g.crashCount()));
            }
        }
        for (DeployFailure f : plan.failedDeploys()) {
            AppEntity a = AppEntity.findById(Long.parseLong(f.appId()));
            if (a != null) {
                a.failedRelease = Snapshot.formatRelease(f.release());
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
        if (RoutingService.serves(i) && RouteEntity.count("app", i.app) > 0 && liveRouters) {
            // Unroute first; the instance keeps running (and answering what routers already
            // sent it) until every router serves a table without it: finishDrains.
            i.unroutedAt = Instant.now(clock);
            return true;
        }
        i.desired = InstanceEntity.Desired.STOP;
        touched.add(i.node);
        return true;
    }

    /**
     * Asks nodes to stop the unrouted instances once every live router serves the current table
     * (which leaves them out), or after {@link #MAX_DRAIN}; one that left RUNNING meanwhile
     * (crashed, stopped) needs no wait.
     */
    @Transactional
    boolean finishDrains() {
        List<InstanceEntity> draining = InstanceEntity.draining();
        if (draining.isEmpty()) {
            return false;
        }
        Instant now = Instant.now(clock);
        boolean synced = routers.allServe(routing.table().version());
        Set<NodeEntity> touched = new HashSet<>();
        boolean changed = false;
        for (InstanceEntity i : draining) {
            boolean overdue = !i.unroutedAt.plus(MAX_DRAIN).isAfter(now);
            if (synced || overdue || i.state != InstanceState.RUNNING) {
                if (overdue && !synced) {
                    LOG.warnf("scheduler.drain-timed-out instance=%d after=%s: a live router still serves an older table",
                            i.id, MAX_DRAIN);
                }
                i.desired = InstanceEntity.Desired.STOP;
                if (i.node != null) {
                    touched.add(i.node);
                }
                changed = true;
            }
        }
        touched.forEach(n -> n.desiredVersion++);
        return changed;
    }

    private void place(Placement p, Instant now, Set<NodeEntity> touched) {
        NodeEntity node = NodeEntity.byName(p.node()).orElseThrow();
        InstanceEntity existing = p.instance().map(this::row).orElse(null);
        InstanceEntity i;
        if (existing != null && existing.state == InstanceState.UNCLAIMED) {
            i = existing;
        } else {
            // A crash restart is a new row for the agents (a new VM), keeping the crash history.
            i = new InstanceEntity();
            i.app = AppEntity.findById(Long.parseLong(p.appId()));
            i.idx = p.index();
            i.createdAt = now;
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
        i.node = node;
        i.desired = InstanceEntity.Desired.RUN;
        i.state = InstanceState.CLAIMED;
        i.stateSince = now;
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
        if (i == null) {
            i = new InstanceEntity();
            i.app = AppEntity.findById(Long.parseLong(p.appId()));
            if (i.app == null) {
                return false;
            }
            i.idx = p.index();
            i.revision = RevisionEntity.findById(Long.parseLong(p.release().revision()));
            i.memoryMb = p.release().memoryMb();
            i.desired = InstanceEntity.Desired.RUN;
            i.state = InstanceState.UNCLAIMED;
            i.stateSince = now;
            i.createdAt = now;
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

    /** Forgets instances that have finished stopping. */
    @Transactional
    boolean cleanUp() {
        List<InstanceEntity> done = InstanceEntity.list("state = ?1 or (desired = ?2 and state = ?3)",
                InstanceState.STOPPED, InstanceEntity.Desired.STOP, InstanceState.CRASHED);
        done.forEach(InstanceEntity::delete);
        routers.forgetGone(); // nothing the scheduler plans depends on it
        return !done.isEmpty();
    }

    private InstanceEntity row(InstanceId id) {
        return InstanceEntity.findById(Long.parseLong(id.value()));
    }

    private static String target(AppEntity a) {
        return "app/" + a.space.name + "/" + a.name;
    }
}
