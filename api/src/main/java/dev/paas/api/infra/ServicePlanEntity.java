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

/** A plan of an offering; {@code active} false once it left the catalog. */
@Entity
@Table(name = "service_plans")
public class ServicePlanEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "offering_id")
    public ServiceOfferingEntity offering;

    @Column(name = "broker_plan_id", nullable = false)
    public String brokerPlanId;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String description = "";

    @Column(nullable = false)
    public boolean free = true;

    /** Null: the offering's. */
    @Column
    public Boolean bindable;

    /** Seconds an asynchronous operation may be polled; null: the platform's default. */
    @Column(name = "maximum_polling_duration")
    public Integer maximumPollingDuration;

    @Column(nullable = false)
    public boolean active = true;

    public boolean isBindable() {
        return bindable != null ? bindable : offering.bindable;
    }
}
