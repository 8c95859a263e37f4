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
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A service instance of a space: user-provided (credentials sealed with {@code SecretBox}) or
 * managed (a plan of a broker's offering, and the broker's last operation on it).
 */
@Entity
@Table(name = "service_instances")
public class ServiceInstanceEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "space_id")
    public SpaceEntity space;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String type = "user-provided";

    public static final String USER_PROVIDED = "user-provided";
    public static final String MANAGED = "managed";

    /** User-provided: a sealed JSON object, never logged, never shown but through the credentials endpoint. Managed: null. */
    @Column
    public String credentials;

    /** Managed: its plan; user-provided: null. */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "plan_id")
    public ServicePlanEntity plan;

    /** create, update or delete; null for user-provided. */
    @Column(name = "last_operation_type")
    public String lastOperationType;

    /** in progress, succeeded or failed. */
    @Column(name = "last_operation_state")
    public String lastOperationState;

    @Column(name = "last_operation_description")
    public String lastOperationDescription;

    @Column(name = "last_operation_updated_at")
    public Instant lastOperationUpdatedAt;

    /** The broker's id of the asynchronous operation being polled (may be null even then). */
    @Column(name = "operation")
    public String operation;

    @Column(name = "operation_started_at")
    public Instant operationStartedAt;

    @Column(name = "next_poll_at")
    public Instant nextPollAt;

    @Column(nullable = false)
    public int polls;

    public boolean isManaged() {
        return MANAGED.equals(type);
    }

    @Column(name = "syslog_drain_url")
    public String syslogDrainUrl;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public List<String> tags = new ArrayList<>();

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;
}
