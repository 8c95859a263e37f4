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

/** A host (+ path prefix) claimed by a space, optionally pointing at one of its apps. */
@Entity
@Table(name = "routes")
public class RouteEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "space_id")
    public SpaceEntity space;

    @Column(nullable = false)
    public String host;

    @Column(nullable = false)
    public String path;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "app_id")
    public AppEntity app;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
