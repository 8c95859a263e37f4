package dev.paas.api.infra;

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
import java.util.List;
import java.util.Optional;

/**
 * One process type of an app other than web (a worker, a clock...): desired state next to the
 * app's, which stays the web process. Runs the app's revision with the app's env and its own
 * command; never routed. Every update goes through {@link #version}.
 */
@Entity
@Table(name = "app_processes")
public class AppProcessEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "app_id")
    public AppEntity app;

    @Column(nullable = false)
    public String type;

    @Column(nullable = false)
    public String command;

    @Column(nullable = false)
    public int instances;

    @Column(name = "memory_mb", nullable = false)
    public int memoryMb;

    /** The disk quota in MiB; null means Cloud Foundry's default (see {@link AppEntity#diskMbOrDefault}). */
    @Column(name = "disk_mb")
    public Integer diskMb;

    @Enumerated(EnumType.STRING)
    @Column(name = "health_check_type", nullable = false)
    public HealthCheckType healthCheckType;

    @Column(name = "health_check_endpoint")
    public String healthCheckEndpoint;

    @Column(name = "health_check_timeout_s", nullable = false)
    public int healthCheckTimeoutSeconds;

    /** A release ({@code revision:memory:disk}) whose rolling deploy failed; freezes the rollout. */
    @Column(name = "failed_release")
    public String failedRelease;

    @Version
    @Column(nullable = false)
    public long version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public int diskMbOrDefault() {
        return diskMb == null ? dev.paas.model.DesiredInstance.DEFAULT_DISK_MB : diskMb;
    }

    /** The app's process types other than web, by type. */
    public static List<AppProcessEntity> of(AppEntity app) {
        return list("app = ?1 order by type", app);
    }

    /** A new revision (or a rollback) thaws every process type's rollout, as it does the app's. */
    public static void clearFailedReleases(AppEntity app) {
        update("failedRelease = null where app = ?1 and failedRelease is not null", app);
    }

    public static Optional<AppProcessEntity> of(AppEntity app, String type) {
        return find("app = ?1 and type = ?2", app, type).firstResultOptional();
    }
}
