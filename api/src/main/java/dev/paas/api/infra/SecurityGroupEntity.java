package dev.paas.api.infra;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A security group: validated egress rules (stored as JSON), bound platform-wide and/or to spaces. */
@Entity
@Table(name = "security_groups")
public class SecurityGroupEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true)
    public String name;

    /** {@code SecurityRules.Rule#toStored()} of each rule, in order. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public List<Map<String, String>> rules = new ArrayList<>();

    @Column(nullable = false)
    public boolean platform;

    @ManyToMany
    @JoinTable(name = "security_group_spaces",
            joinColumns = @JoinColumn(name = "security_group_id"),
            inverseJoinColumns = @JoinColumn(name = "space_id"))
    public Set<SpaceEntity> spaces = new HashSet<>();

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    @Column(nullable = false)
    public long version;

    public static Optional<SecurityGroupEntity> byName(String name) {
        return find("name", name).firstResultOptional();
    }
}
