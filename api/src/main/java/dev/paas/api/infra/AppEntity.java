package dev.paas.api.infra;

import dev.paas.model.AppState;
import dev.paas.model.HealthCheckType;
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
import java.util.Map;
import java.util.TreeMap;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An app's desired state. Every update goes through {@link #version} (optimistic locking). */
@Entity
@Table(name = "apps")
public class AppEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "space_id")
    public SpaceEntity space;

    @Column(nullable = false)
    public String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public AppState state;

    @Column(nullable = false)
    public int instances;

    @Column(name = "memory_mb", nullable = false)
    public int memoryMb;

    /** Disk quota per instance in MiB (the guest's writable disk), null when none was set: then Cloud Foundry's 1G. */
    @Column(name = "disk_mb")
    public Integer diskMb;

    /** The disk quota its instances run with. */
    public int diskMbOrDefault() {
        return diskMb == null ? dev.paas.model.DesiredInstance.DEFAULT_DISK_MB : diskMb;
    }

    public String command;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, String> env = new TreeMap<>();

    @Enumerated(EnumType.STRING)
    @Column(name = "health_check_type", nullable = false)
    public HealthCheckType healthCheckType;

    @Column(name = "health_check_endpoint")
    public String healthCheckEndpoint;

    @Column(name = "health_check_timeout_s", nullable = false)
    public int healthCheckTimeoutSeconds;

    /** The revision new instances run; null until the app has been staged. */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "revision_id")
    public RevisionEntity revision;

    /** The docker image the current revision was pulled from; null when it was built from bits (or never staged). */
    @Column(name = "docker_image")
    public String dockerImage;

    /** The buildpack a manifest asked for; null: detect. */
    public String buildpack;

    /** A release ({@code revision:memory}) whose rolling deploy failed; freezes the rollout. */
    @Column(name = "failed_release")
    public String failedRelease;

    /** Scale to zero: seconds without a routed request before the web instances stop; 0 never. */
    @Column(name = "idle_timeout_s", nullable = false)
    public int idleTimeoutSeconds;

    /** Snapshot clones allowed (the default); false: its instances boot cold and are never snapshotted. */
    @Column(nullable = false)
    public boolean clones = true;

    /** When the app went idle (its web instances stopped for its idle timeout); null while awake. */
    @Column(name = "idle_since")
    public Instant idleSince;

    /**
     * When a router's wake woke the app from idle; while set (until a web instance of its
     * current revision serves, or a user acts on it) the scheduler sees at most 1 web instance.
     */
    @Column(name = "woken_at")
    public Instant wokenAt;

    @Version
    @Column(nullable = false)
    public long version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
