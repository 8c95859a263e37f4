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

    /** The process type it runs: {@code web} (routed) or one of the app's {@link AppProcessEntity} types. */
    @Column(name = "process_type", nullable = false)
    public String processType = "web";

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "revision_id")
    public RevisionEntity revision;

    /**
     * The task this row is the VM of, or null for an instance of a process type. A task's VM is
     * placed once and never restarted; its {@link #processType} is {@link #TASK_PROCESS}.
     */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "task_id")
    public TaskEntity task;

    /** The process type of a task's VM: upper case, so never the name of one of the app's process types. */
    public static final String TASK_PROCESS = "TASK";

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

    /** CPU of its VM between its node's last two heartbeats, in percent of one core. */
    @Column(name = "cpu_percent")
    public Double cpuPercent;

    /** The guest's own memory use, when its agent reports it. */
    @Column(name = "memory_used_bytes")
    public Long memoryUsedBytes;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /**
     * A new row for index {@code idx} of {@code app}, UNCLAIMED since {@code now}: the one state a
     * row starts in; every later state is a move through {@link #moveTo}.
     */
    public static InstanceEntity unclaimed(AppEntity app, int idx, Instant now) {
        InstanceEntity i = new InstanceEntity();
        i.app = app;
        i.idx = idx;
        i.state = InstanceState.UNCLAIMED;
        i.stateSince = now;
        i.createdAt = now;
        i.desired = Desired.RUN;
        return i;
    }

    /**
     * Moves this instance to {@code next} through {@link InstanceState}'s table, stamping
     * {@link #stateSince} with {@code since} when the state changes; returns whether it changed.
     * The only writer of {@link #state} besides {@link #unclaimed} (an ArchUnit rule).
     *
     * @throws IllegalStateException when the table does not allow the move (nothing changes)
     */
    public boolean moveTo(InstanceState next, Instant since) {
        state.requireTransitionTo(next, "instance " + id);
        if (state == next) {
            return false;
        }
        state = next;
        stateSince = since;
        return true;
    }

    /** Instances being drained and not yet asked to stop: waiting for the routers to catch up. */
    public static List<InstanceEntity> draining() {
        return list(DRAINING, InstanceState.DRAINING, Desired.RUN);
    }

    public static boolean anyDraining() {
        return count(DRAINING, InstanceState.DRAINING, Desired.RUN) > 0;
    }

    private static final String DRAINING = "state = ?1 and desired = ?2";

    /** Asked to stop, or draining before that: on its way out. */
    public boolean leaving() {
        return desired == Desired.STOP || state == InstanceState.DRAINING;
    }
}
