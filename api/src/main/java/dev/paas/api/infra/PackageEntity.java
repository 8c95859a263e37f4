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

/**
 * A package of an app: an upload of its bits (the bytes are in the {@link BlobStore} under
 * {@link #sha256}), or a docker image ({@link #dockerImage}) pulled at every staging.
 */
@Entity
@Table(name = "packages")
public class PackageEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "app_id")
    public AppEntity app;

    /** The bits' sha256; null for a docker image. */
    public String sha256;

    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;

    /** The uploaded file's name; null for a docker image. */
    public String filename;

    /** The image reference, normalised ({@code registry/name:tag}); null for bits. */
    @Column(name = "docker_image")
    public String dockerImage;

    @Column(name = "docker_username")
    public String dockerUsername;

    /** The registry password sealed with the services key ({@code SecretBox}); never in clear. */
    @Column(name = "docker_password")
    public String dockerPassword;

    public boolean isDocker() {
        return dockerImage != null;
    }

    /** How a build and a revision name this package: its file name, or {@code docker image REF}. */
    public String describe() {
        return isDocker() ? "docker image " + dockerImage : filename;
    }

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
