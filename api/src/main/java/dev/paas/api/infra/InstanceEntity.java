package dev.paas.api.infra;

import dev.paas.model.InstanceState;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/**
 * One app instance: where the scheduler put it ({@link #node}, {@link #desired}) and what its
 * node last reported ({@link #state}, endpoint, health, usage).
 */
@Entity
@Table(name = "instances")
public class InstanceEntity extends PanacheEntityBase {

    /** The scheduler's word for an instance: keep it running, or let it go. */
    public enum Desired { RUN, STOP }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "app_id")
    public AppEntity app;

    @Column(name = "idx", nullable = false)
    public int idx;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "revision_id")
    public RevisionEntity revision;

    @Column(name = "memory_mb", nullable = false)
    public int memoryMb;

    /** The guest's writable disk in MiB; null for instances placed before disks (the default, 1024). */
    @Column(name = "disk_mb")
    public Integer diskMb;

    /** The disk quota this instance runs with. */
    public int diskMbOrDefault() {
        return diskMb == null ? dev.paas.model.DesiredInstance.DEFAULT_DISK_MB : diskMb;
    }

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "node_id")
    public NodeEntity node;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Desired desired;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public InstanceState state;

    @Column(name = "state_since", nullable = false)
    public Instant stateSince;

    public String endpoint;

    public Boolean healthy;

    @Column(name = "crash_count", nullable = false)
    public int crashCount;

    @Column(name = "last_crash_at")
    public Instant lastCrashAt;

    @Column(name = "last_exit")
    public String lastExit;

    @Column(name = "placement_error")
    public String placementError;

    @Column(name = "rss_bytes")
    public Long rssBytes;

    @Column(name = "cpu_seconds")
    public Double cpuSeconds;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /**
     * When the scheduler took this instance out of the route table to stop it; it is asked to
     * stop (desired STOP) once every live router serves a table without it. Null: routable.
     */
    @Column(name = "unrouted_at")
    public Instant unroutedAt;

    /** Instances unrouted and not yet asked to stop: waiting for the routers to catch up. */
    public static List<InstanceEntity> draining() {
        return list(DRAINING, Desired.RUN);
    }

    public static boolean anyDraining() {
        return count(DRAINING, Desired.RUN) > 0;
    }

    private static final String DRAINING = "unroutedAt is not null and desired = ?1";

    /** Asked to stop, or draining before that: on its way out. */
    public boolean leaving() {
        return desired == Desired.STOP || unroutedAt != null;
    }
}
