package dev.paas.model;

/**
 * One allow rule for traffic an app instance starts, as a Cloud Foundry application security
 * group rule. Everything no rule allows is denied; the node agent also denies, whatever the
 * rules say, its host's own addresses, the platform's services and other instances.
 *
 * @param protocol    {@code tcp}, {@code udp}, {@code icmp} or {@code all}
 * @param destination one IPv4 address ({@code 10.0.0.5}), a CIDR ({@code 10.0.0.0/24}) or a
 *                    range ({@code 10.0.0.1-10.0.0.9})
 * @param ports       for tcp and udp: one port ({@code 443}), a range ({@code 8000-9000}) or a
 *                    comma list of those ({@code 80,443}); null for icmp and all
 */
public record EgressRule(String protocol, String destination, String ports) {
}
