package dev.paas.model;

import java.util.List;

/**
 * {@code PATCH /v1/security-groups/{group}} (admin): a new {@code name}, new {@code rules} (they
 * replace all the old ones), or both; a field left out stays as it is.
 */
public record UpdateSecurityGroupRequest(String name, List<SecurityGroupRule> rules) {
}
