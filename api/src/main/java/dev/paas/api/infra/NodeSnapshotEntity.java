package dev.paas.api.infra;

import dev.paas.model.Accelerator;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A snapshot clone a node holds, as its last heartbeat that changed it reported it (table
 * {@code snapshots}). Node and revision are plain ids: the rows are replaced per node and read in
 * bulk by the scheduler, never navigated; the database deletes them with their node or revision.
 */
@Entity
@Table(name = "snapshots")
public class NodeSnapshotEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "node_id", nullable = false)
    public long nodeId;

    @Column(name = "revision_id", nullable = false)
    public long revisionId;

    @Column(name = "memory_mb", nullable = false)
    public int memoryMb;

    @Column(name = "disk_mb", nullable = false)
    public int diskMb;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Accelerator accelerator;

    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;

    @Column(name = "last_used_at", nullable = false)
    public Instant lastUsedAt;

    @Column(name = "reported_at", nullable = false)
    public Instant reportedAt;
}
