package dev.paas.api.service;

import dev.paas.api.infra.InstanceEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Which table each router serves, as told by its long-polls ({@code X-Paas-Router} names it).
 * A router is <em>live</em> while its last long-poll may still be running, plus {@link #GRACE}.
 * The scheduler stops a DRAINING instance once every live router serves the current table.
 * Rows live in PostgreSQL so that any control plane replica can answer a router and the leader
 * sees them all.
 */
@ApplicationScoped
public class RouterRegistry {

    /** Slack on top of a router's own long-poll wait before it counts as gone. */
    static final Duration GRACE = Duration.ofSeconds(10);
    /** Rows of routers gone this long are deleted. */
    static final Duration FORGET_AFTER = Duration.ofDays(1);
    public static final int MAX_ID_LENGTH = 160;

    private final EntityManager em;
    private final Clock clock;
    private final ConvergeSignal converge;

    public RouterRegistry(EntityManager em, Clock clock, ConvergeSignal converge) {
        this.em = em;
        this.clock = clock;
        this.converge = converge;
    }

    /**
     * Records that router {@code id} serves table {@code version} and waits up to
     * {@code waitSeconds} for the next one. When its version changed while an instance drains,
     * the scheduler is woken: that instance may be stoppable now.
     */
    @Transactional
    public void saw(String id, long version, int waitSeconds) {
        List<?> before = em.createNativeQuery("select table_version from routers where id = ?1")
                .setParameter(1, id).getResultList();
        em.createNativeQuery("""
                        insert into routers (id, table_version, wait_seconds, seen_at) values (?1, ?2, ?3, ?4)
                        on conflict (id) do update set table_version = excluded.table_version,
                            wait_seconds = excluded.wait_seconds, seen_at = excluded.seen_at""")
                .setParameter(1, id).setParameter(2, version).setParameter(3, waitSeconds)
                .setParameter(4, Timestamp.from(Instant.now(clock)))
                .executeUpdate();
        boolean changed = before.isEmpty() || ((Number) before.get(0)).longValue() != version;
        if (changed && InstanceEntity.anyDraining()) {
            converge.poke();
        }
    }

    /** Whether every live router serves the table of this version (true when none is live). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean allServe(long version) {
        return liveVersions().stream().allMatch(v -> v == version);
    }

    /** Deletes the rows of routers gone for {@link #FORGET_AFTER}; returns how many. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int forgetGone() {
        return em.createNativeQuery("delete from routers where seen_at < ?1")
                .setParameter(1, Timestamp.from(Instant.now(clock).minus(FORGET_AFTER))).executeUpdate();
    }

    /** Whether any router is live: without one, a stop needs no drain. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean anyLive() {
        return !liveVersions().isEmpty();
    }

    /** The table versions live routers serve, one per router. */
    private List<Long> liveVersions() {
        List<?> rows = em.createNativeQuery(
                        "select table_version from routers where seen_at + make_interval(secs => wait_seconds + ?1) > ?2")
                .setParameter(1, GRACE.toSeconds()).setParameter(2, Timestamp.from(Instant.now(clock)))
                .getResultList();
        return rows.stream().map(r -> ((Number) r).longValue()).toList();
    }
}
