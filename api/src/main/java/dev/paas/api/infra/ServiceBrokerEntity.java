package dev.paas.api.infra;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Optional;

/** A registered Open Service Broker; its password is sealed ({@code SecretBox}) and never shown. */
@Entity
@Table(name = "service_brokers")
public class ServiceBrokerEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true)
    public String name;

    @Column(nullable = false)
    public String url;

    @Column(nullable = false)
    public String username;

    /** Sealed; opened only to call the broker. */
    @Column(nullable = false)
    public String password;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;

    public static Optional<ServiceBrokerEntity> byName(String name) {
        return find("name", name).firstResultOptional();
    }
}
