package dev.paas.api.infra;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A bootable kernel image, content-addressed by the sha256 of its bytes. */
@Entity
@Table(name = "images")
public class ImageEntity extends PanacheEntityBase {

    @Id
    public String digest;

    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;

    @Column(nullable = false)
    public String runtime;

    @Column(name = "kernel_version")
    public String kernelVersion;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
