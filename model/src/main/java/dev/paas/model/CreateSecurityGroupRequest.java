package dev.paas.model;

import java.util.List;

/** {@code POST /v1/security-groups}: a named allow-list of egress rules (admin). */
public record CreateSecurityGroupRequest(String name, List<SecurityGroupRule> rules) {
}
