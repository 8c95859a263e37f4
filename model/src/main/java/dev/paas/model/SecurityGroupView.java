package dev.paas.model;

import java.time.Instant;
import java.util.List;

/**
 * A security group: its rules, whether it is bound platform-wide (every app of every space) and
 * the spaces it is bound to (for a developer: only the spaces that developer may see).
 */
public record SecurityGroupView(long id, String name, List<SecurityGroupRule> rules, boolean platform, List<String> spaces,
                                Instant createdAt, Instant updatedAt) {
}
