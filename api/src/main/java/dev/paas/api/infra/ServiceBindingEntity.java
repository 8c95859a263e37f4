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

/** An app bound to a service instance of its own space (a managed one: made by its broker, credentials sealed). */
@Entity
@Table(name = "service_bindings")
public class ServiceBindingEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "app_id")
    public AppEntity app;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "service_instance_id")
    public ServiceInstanceEntity instance;

    /** Cloud Foundry's binding_name; null when none was given. */
    @Column(name = "name")
    public String name;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Managed: the id the broker knows this binding by; null for user-provided. */
    @Column(name = "broker_binding_id")
    public String brokerBindingId;

    /** Managed: the credentials the broker returned, sealed; null for user-provided. */
    @Column
    public String credentials;

    /** Managed: the IPv4 address and port its credentials name, which the app's instances may reach. */
    @Column(name = "egress_address")
    public String egressAddress;

    @Column(name = "egress_port")
    public Integer egressPort;

    /** A failed unbind: {@code failed}; null otherwise. */
    @Column(name = "last_operation_state")
    public String lastOperationState;

    @Column(name = "last_operation_description")
    public String lastOperationDescription;

    @Column(name = "last_operation_updated_at")
    public Instant lastOperationUpdatedAt;
}
