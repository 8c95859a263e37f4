package dev.paas.api.infra;

import dev.paas.model.BuildState;
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
import java.util.Map;
import java.util.TreeMap;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One staging of a package into an image, with its output. */
@Entity
@Table(name = "builds")
public class BuildEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "app_id")
    public AppEntity app;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "package_id")
    public PackageEntity pkg;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public BuildState state;

    public String buildpack;

    public String error;

    @Column(nullable = false)
    public String log = "";

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, Long> phases = new TreeMap<>();

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "image_digest")
    public ImageEntity image;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "revision_id")
    public RevisionEntity revision;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** Start the (stopped) app when this build has made its revision: a restart of a stopped app. */
    @Column(name = "start_when_staged", nullable = false)
    public boolean startWhenStaged;

    /** A new build of {@code pkg}, STAGING: the one state a build starts in. */
    public static BuildEntity staging(AppEntity app, PackageEntity pkg) {
        BuildEntity b = new BuildEntity();
        b.app = app;
        b.pkg = pkg;
        b.state = BuildState.STAGING;
        return b;
    }

    /**
     * Ends this build in {@code next} through {@link BuildState}'s table. The only writer of
     * {@link #state} besides {@link #staging} (an ArchUnit rule).
     *
     * @throws IllegalStateException when the build has already ended (nothing changes)
     */
    public void moveTo(BuildState next) {
        state.requireTransitionTo(next, "build " + id);
        state = next;
    }
}
