package dev.paas.api.scheduling;

import dev.paas.api.infra.InstanceEntity;
import dev.paas.api.infra.NodeEntity;
import dev.paas.api.infra.RouteEntity;
import dev.paas.api.service.RouterRegistry;
import dev.paas.api.service.RoutingService;
import dev.paas.model.InstanceState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The drain handshake between the scheduler and the routers (scheduler/README.md, *draining*):
 * a stop of an instance the route table lists first moves it RUNNING -> DRAINING (out of the
 * table, still running); the node is asked to stop it only once every live router serves a
 * table without it, or after {@link #MAX_DRAIN} in DRAINING. One that leaves DRAINING by itself
 * (its agent reports it CRASHED, STOPPING or STOPPED) is no longer waited for. Called by the
 * leader's round only; {@link #finish} is its own transaction.
 */
@ApplicationScoped
public class Drains {

    /**
     * The longest a draining instance waits for the routers before it is stopped anyway (a live
     * router that never moves on to the new table must not keep old instances forever).
     */
    static final Duration MAX_DRAIN = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(Drains.class);

    /** What to do with one draining instance this round. */
    enum Verdict {
        /** Keep it running: a live router may still send it requests. */
        WAIT,
        /** Every live router serves a table without it: stop it. */
        STOP,
        /** {@link #MAX_DRAIN} passed with a router still behind: stop it anyway, and say so. */
        STOP_OVERDUE
    }

    private final Clock clock;
    private final RoutingService routing;
    private final RouterRegistry routers;

    public Drains(Clock clock, RoutingService routing, RouterRegistry routers) {
        this.clock = clock;
        this.routing = routing;
        this.routers = routers;
    }

    /** Whether a round's stops may need the handshake: asked once a round that stops something. */
    boolean anyLiveRouter() {
        return routers.anyLive();
    }

    /**
     * Whether the stop of {@code i} starts by draining it (then it moves to DRAINING here); else
     * the caller asks its node to stop it at once.
     */
    boolean drainFirst(InstanceEntity i, boolean liveRouters) {
        if (!drainFirst(RoutingService.serves(i), liveRouters && RouteEntity.count("app", i.app) > 0)) {
            return false;
        }
        // The instance keeps running (and answering what routers already sent it) until finish.
        i.moveTo(InstanceState.DRAINING, Instant.now(clock));
        return true;
    }

    /** Pure: only an instance some live router may send requests to needs the handshake. */
    static boolean drainFirst(boolean inRouteTable, boolean routedByALiveRouter) {
        return inRouteTable && routedByALiveRouter;
    }

    /** Pure: the verdict on one instance DRAINING since {@code drainingSince}. */
    static Verdict verdict(Instant drainingSince, boolean routersSynced, Instant now) {
        if (routersSynced) {
            return Verdict.STOP;
        }
        return drainingSince.plus(MAX_DRAIN).isAfter(now) ? Verdict.WAIT : Verdict.STOP_OVERDUE;
    }

    /**
     * Asks nodes to stop the draining instances whose verdict is a stop; returns whether it
     * changed anything.
     */
    @Transactional
    boolean finish() {
        List<InstanceEntity> draining = InstanceEntity.draining();
        if (draining.isEmpty()) {
            return false;
        }
        Instant now = Instant.now(clock);
        boolean synced = routers.allServe(routing.table().version());
        Set<NodeEntity> touched = new HashSet<>();
        boolean changed = false;
        for (InstanceEntity i : draining) {
            Verdict v = verdict(i.stateSince, synced, now);
            if (v == Verdict.WAIT) {
                continue;
            }
            if (v == Verdict.STOP_OVERDUE) {
                LOG.warnf("scheduler.drain-timed-out instance=%d after=%s: a live router still serves an older table",
                        i.id, MAX_DRAIN);
            }
            i.desired = InstanceEntity.Desired.STOP;
            if (i.node != null) {
                touched.add(i.node);
            }
            changed = true;
        }
        touched.forEach(n -> n.desiredVersion++);
        return changed;
    }
}
