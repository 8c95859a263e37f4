package dev.paas.api.infra;

import dev.paas.model.TaskState;
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
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Optional;

/**
 * One task of an app ({@code cf run-task}): what it runs and how it ended. Its VM is the
 * {@link InstanceEntity} whose {@code task} is this row, while it exists.
 */
@Entity
@Table(name = "tasks")
public class TaskEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "app_id")
    public AppEntity app;

    /** Cloud Foundry's sequence_id: 1, 2, 3... per app. */
    @Column(name = "sequence_id", nullable = false)
    public int sequenceId;

    @Column(nullable = false)
    public String guid;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String command;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TaskState state;

    @Column(name = "exit_code")
    public Integer exitCode;

    @Column(name = "failure_reason")
    public String failureReason;

    @Column(name = "memory_mb", nullable = false)
    public int memoryMb;

    @Column(name = "disk_mb", nullable = false)
    public int diskMb;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "revision_id")
    public RevisionEntity revision;

    @Column(name = "node_name")
    public String nodeName;

    /** The id its VM's instance row had (kept after the row is gone: the node agent keeps the VM's lines a while). */
    @Column(name = "instance_id")
    public Long instanceId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** A cancel and the heartbeat that reports the VM's end never both win: the later one retries. */
    @Version
    public long version;

    /**
     * Moves the task to {@code next} through {@link TaskState}'s table; returns whether it moved
     * (an ended task never moves again, so a late report cannot rewrite its outcome).
     */
    public boolean moveTo(TaskState next, Instant now) {
        if (state == next || !state.allowsTransitionTo(next)) {
            return false;
        }
        state = next;
        updatedAt = now;
        return true;
    }

    /** The task's VM while its instance row exists. */
    public Optional<InstanceEntity> vm() {
        return InstanceEntity.<InstanceEntity>find("task", this).firstResultOptional();
    }

    public static Optional<TaskEntity> of(AppEntity app, int sequenceId) {
        return find("app = ?1 and sequenceId = ?2", app, sequenceId).firstResultOptional();
    }
}
