package dev.paas.api.infra;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
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

/** What an app runs: one image, the env its instances receive, and the number users roll back to. */
@Entity
@Table(name = "revisions")
public class RevisionEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "app_id")
    public AppEntity app;

    @Column(nullable = false)
    public int number;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "image_digest")
    public ImageEntity image;

    @Column(nullable = false)
    public String description;

    /** Memory the app had when this revision was made; a rollback restores it. */
    @Column(name = "memory_mb")
    public Integer memoryMb;

    /** The app's env this revision runs with (instances receive it at launch; the image has none). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, String> env = new TreeMap<>();

    /**
     * The VCAP_SERVICES this revision's instances receive: the app's bindings when the revision was
     * made, sealed with the services key (null: none bound). A rollback restores it.
     */
    @Column(name = "services")
    public String services;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
