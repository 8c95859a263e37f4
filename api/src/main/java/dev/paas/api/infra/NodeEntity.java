package dev.paas.api.infra;

import dev.paas.model.Accelerator;
import dev.paas.model.NodeState;
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

/** A host running a node agent, as it last reported itself. */
@Entity
@Table(name = "nodes")
public class NodeEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "pool_id")
    public NodePoolEntity pool;

    @Column(nullable = false, unique = true)
    public String name;

    @Column(nullable = false)
    public String address;

    @Column(name = "agent_port", nullable = false)
    public int agentPort;

    @Column(name = "credential_hash", nullable = false, unique = true)
    public String credentialHash;

    @Column(name = "memory_mb", nullable = false)
    public int memoryMb;

    @Column(nullable = false)
    public int vcpus;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Accelerator accelerator;

    @Column(name = "allocated_mb", nullable = false)
    public int allocatedMb;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public NodeState state;

    @Column(name = "desired_version", nullable = false)
    public long desiredVersion;

    @Column(name = "last_heartbeat_at", nullable = false)
    public Instant lastHeartbeatAt;

    @Column(name = "agent_version")
    public String agentVersion;

    @Column(name = "joined_at", nullable = false)
    public Instant joinedAt;

    @Version
    @Column(nullable = false)
    public long version;

    /**
     * Moves this node to {@code next} through {@link NodeState}'s table; returns whether its
     * state changed. The only writer of {@link #state} besides a node's first join (an ArchUnit rule).
     *
     * @throws IllegalStateException when the table does not allow the move (nothing changes)
     */
    public boolean moveTo(NodeState next) {
        state.requireTransitionTo(next, "node " + name);
        boolean changed = state != next;
        state = next;
        return changed;
    }

    /** A node joining for the first time: READY. */
    public void joined() {
        state = NodeState.READY;
    }

    public static Optional<NodeEntity> byName(String name) {
        return find("name", name).firstResultOptional();
    }
}
