package dev.paas.model;

/**
 * One rule of a security group as users write it, in Cloud Foundry's ASG format:
 * {@code {"protocol": "tcp", "destination": "10.0.0.0/24", "ports": "443", "description": "..."}}.
 *
 * @param protocol    {@code tcp}, {@code udp}, {@code icmp} or {@code all}
 * @param destination one IPv4 address, a CIDR ({@code 10.0.0.0/24}) or a range ({@code 10.0.0.1-10.0.0.9})
 * @param ports       tcp and udp only (required there): {@code 443}, {@code 8000-9000} or {@code 80,443}
 * @param description free text, at most 255 characters
 * @param type        icmp only: Cloud Foundry's ICMP type; only {@code -1} (every type) is accepted
 * @param code        icmp only: Cloud Foundry's ICMP code; only {@code -1} (every code) is accepted
 */
public record SecurityGroupRule(String protocol, String destination, String ports, String description, Integer type,
                                Integer code) {

    /** A rule without ICMP type and code. */
    public SecurityGroupRule(String protocol, String destination, String ports, String description) {
        this(protocol, destination, ports, description, null, null);
    }
}
