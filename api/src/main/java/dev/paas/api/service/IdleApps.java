package dev.paas.api.service;

import dev.paas.api.core.ApiException;
import dev.paas.api.core.ProcessKey;
import dev.paas.api.infra.AppEntity;
import dev.paas.api.infra.InstanceEntity;
import dev.paas.model.AppState;
import dev.paas.model.InstanceState;
import dev.paas.model.WakeRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Scale to zero (Fly's auto-stop/auto-start, Knative's activator): an app with an idle timeout
 * that got no routed request for that long goes <b>idle</b> ({@code apps.idle_since}); the
 * scheduler then sees 0 web instances for it (its configured count stays), and the route table
 * lists its routes with {@code idle: true} and no endpoints. A router that gets a request for it
 * holds the request and wakes the app ({@link #wake}).
 *
 * <p>A wake starts <b>one</b> web instance first ({@code apps.woken_at}: the app is <b>waking</b>,
 * and {@link #webInstances} is at most 1), so the held request waits for one boot or restore with
 * no competition from the app's other instances for the node's CPUs. Once a web instance of the
 * app's current revision serves (RUNNING, healthy: the router can forward), the leader's
 * {@link #awakeRound} clears it and the scheduler starts the rest of the configured count. A user
 * acting on the app (start, stop, scale or any other change, a new revision: {@link #userActivity})
 * ends idling and waking at once, so the user's count is never capped.
 *
 * <p>Activity is the latest of {@code apps.last_request_at} (the routers' request counts name the
 * app: {@link #sawRequests}), {@code apps.updated_at} (a start, a scale, any change, a wake, the
 * end of waking) and the moment its newest web instance became RUNNING: the idle clock starts when
 * an instance can serve, not when a push or a scale asked for it (a push whose cold boot took
 * longer than the timeout would otherwise go idle before its CLI saw it running). An app is not
 * made idle while one of its web instances is still starting, nor while it is waking: a woken
 * app must not be stopped under the request that woke it, however short its timeout (unless its
 * woken instance has not served for {@link #WAKE_BOUND_SECONDS} nor its timeout: it crashes, say).
 */
@ApplicationScoped
public class IdleApps {

    /**
     * How long a waking app whose instance never serves is kept from going idle again (longer
     * than any router holds a request: their {@code --wake-timeout} is 60 s by default).
     */
    public static final int WAKE_BOUND_SECONDS = 300;

    /** The scheduler leader's name in the audit trail. */
    static final String ACTOR = "scheduler";

    private final Clock clock;
    private final EntityManager em;
    private final EventLog events;
    private final LogHub logs;
    private final ConvergeSignal converge;

    /** An app that went idle in a round, for its log line (written once the round committed). */
    public record WentIdle(long appId, String app, int timeoutSeconds) {

        /** The API line in the app's log stream. */
        public String line() {
            return "idle for " + timeoutSeconds + " s: instances stopped; the next request starts one";
        }
    }

    public IdleApps(Clock clock, EntityManager em, EventLog events, LogHub logs, ConvergeSignal converge) {
        this.clock = clock;
        this.em = em;
        this.events = events;
        this.logs = logs;
        this.converge = converge;
    }

    /**
     * The routers counted requests for these apps: their idle clocks restart. A plain UPDATE that
     * leaves the row's version alone (traffic never makes a user's update stale). Joins the
     * caller's transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void sawRequests(Collection<Long> appIds) {
        if (appIds.isEmpty()) {
            return;
        }
        em.createNativeQuery("update apps set last_request_at = :now where id in (:ids)")
                .setParameter("now", Instant.now(clock)).setParameter("ids", appIds).executeUpdate();
    }

    /**
     * One round of the leader's idle loop: marks idle every started, staged app with an idle
     * timeout whose last activity is at least that long ago and whose web instances are not
     * starting. One transaction; the log lines are written by {@link #logIdle} once it committed.
     */
    @Transactional
    public List<WentIdle> idleRound() {
        Instant now = Instant.now(clock);
        @SuppressWarnings("unchecked")
        List<Object> ids = em.createNativeQuery("""
                        select a.id from apps a
                        where a.idle_timeout_s > 0 and a.idle_since is null
                          and (a.woken_at is null or a.woken_at <= cast(:now as timestamptz)
                               - make_interval(secs => greatest(a.idle_timeout_s, :wakeBound)))
                          and a.state = 'STARTED' and a.revision_id is not null and a.instances > 0
                          and greatest(coalesce(a.last_request_at, a.updated_at), a.updated_at,
                                       (select max(r.state_since) from instances r where r.app_id = a.id
                                        and r.process_type = :web and r.state = 'RUNNING'))
                              <= cast(:now as timestamptz) - make_interval(secs => a.idle_timeout_s)
                          and not exists (select 1 from instances i where i.app_id = a.id and i.process_type = :web
                                          and i.desired = 'RUN' and i.state in (:starting))
                        order by a.id""")
                .setParameter("now", now).setParameter("wakeBound", WAKE_BOUND_SECONDS).setParameter("web", ProcessKey.WEB)
                .setParameter("starting", List.of(InstanceState.UNCLAIMED.name(), InstanceState.CLAIMED.name(),
                        InstanceState.STARTING.name()))
                .getResultList();
        List<WentIdle> out = new ArrayList<>();
        for (Object id : ids) {
            AppEntity a = AppEntity.findById(((Number) id).longValue());
            a.idleSince = now;
            a.wokenAt = null; // its first instance never served (it crashed, say): the next wake starts over
            a.updatedAt = now;
            events.record(ACTOR, "app.idle", a.space, a, AppService.target(a),
                    Map.of("idleTimeoutSeconds", a.idleTimeoutSeconds));
            out.add(new WentIdle(a.id, a.space.name + "/" + a.name, a.idleTimeoutSeconds));
        }
        if (!out.isEmpty()) {
            em.flush();
            converge.poke();
        }
        return out;
    }

    /** An app whose first woken instance serves, back at its configured count in a round. */
    public record Awake(long appId, String app, int instances) {

        /** The API line in the app's log stream. */
        public String line() {
            return "1 of " + instances + " instances running after the wake; starting the other " + (instances - 1);
        }
    }

    /**
     * One round of the leader's idle loop, after {@link #idleRound}: every waking app that has a
     * serving web instance of its current revision (the router forwards the held requests to it)
     * goes back to its configured count. One transaction, through the entity (optimistic
     * locking, as idling and waking); the log lines are written by {@link #logAwake} once it committed.
     */
    @Transactional
    public List<Awake> awakeRound() {
        Instant now = Instant.now(clock);
        List<Awake> out = new ArrayList<>();
        for (AppEntity a : AppEntity.<AppEntity>list("wokenAt is not null order by id")) {
            boolean serves = InstanceEntity.<InstanceEntity>list("app = ?1 and processType = ?2 and revision = ?3",
                    a, ProcessKey.WEB, a.revision).stream().anyMatch(RoutingService::serves);
            if (serves) {
                a.wokenAt = null;
                a.updatedAt = now;
                out.add(new Awake(a.id, a.space.name + "/" + a.name, a.instances));
            }
        }
        if (!out.isEmpty()) {
            em.flush();
            converge.poke();
        }
        return out;
    }

    /** After {@link #idleRound} committed. */
    public void logIdle(List<WentIdle> idle) {
        idle.forEach(w -> logs.add(w.appId(), "API", null, "OUT", w.line()));
    }

    /** After {@link #awakeRound} committed; an app of 1 instance has no others to start. */
    public void logAwake(List<Awake> awake) {
        awake.stream().filter(w -> w.instances() > 1).forEach(w -> logs.add(w.appId(), "API", null, "OUT", w.line()));
    }

    /**
     * {@code POST /v1/routing/wake}: the app is not idle any more and is <b>waking</b>: one web
     * instance starts, the others once it serves ({@link #awakeRound}). Waking an app that is
     * awake or waking only restarts its idle clock (routers may ask more than once).
     *
     * @return whether it was idle
     */
    @Transactional
    public boolean wake(WakeRequest req, String router) {
        if (req == null || req.appId() == null) {
            throw ApiException.invalid("appId", "is required: the appId of the route's entry in the routing table");
        }
        if (req.appId() <= 0) {
            throw ApiException.invalid("appId", req.appId() + " is not an app id; send the appId of a route's entry");
        }
        AppEntity a = AppEntity.findById(req.appId());
        if (a == null) {
            throw ApiException.notFound("app " + req.appId());
        }
        Instant now = Instant.now(clock);
        sawRequests(List.of(a.id));
        if (a.idleSince == null || a.state != AppState.STARTED) {
            return false;
        }
        long idleMillis = now.toEpochMilli() - a.idleSince.toEpochMilli();
        a.idleSince = null;
        a.wokenAt = now;
        a.updatedAt = now;
        em.flush();
        int starting = webInstances(a);
        events.record("router", "app.wake", a.space, a, AppService.target(a),
                Map.of("router", router == null ? "-" : router, "idleSeconds", idleMillis / 1000, "starting", starting));
        logs.add(a.id, "API", null, "OUT", "woken by a request after " + idleMillis / 1000 + " s idle: starting "
                + starting + " of " + a.instances + " instances");
        converge.poke();
        return true;
    }

    /** Whether the app counts as idle for users: started and stopped for its idle timeout. */
    public static boolean idle(AppEntity a) {
        return a.state == AppState.STARTED && a.idleSince != null;
    }

    /**
     * The web instances the scheduler should run for the app now: none while idle, at most 1
     * while waking, else its configured count (which idling and waking never change).
     */
    public static int webInstances(AppEntity a) {
        if (idle(a)) {
            return 0;
        }
        return a.wokenAt != null ? Math.min(1, a.instances) : a.instances;
    }

    /**
     * A user acted on the app (a start or stop, a scale or any change, a new revision): it is
     * neither idle (the action is activity) nor waking (the user's count applies at once).
     */
    public static void userActivity(AppEntity a) {
        a.idleSince = null;
        a.wokenAt = null;
    }
}
