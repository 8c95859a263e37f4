package dev.paas.nodeagent.core;

import dev.paas.model.EgressRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An instance's egress allow rules, parsed strictly from the control plane's
 * {@link EgressRule}s: protocol from an allow-list, destination an IPv4 literal, CIDR (no host
 * bits) or {@code a-b} range, ports {@code 443}, {@code 8000-9000} or a comma list of those, each
 * 1-65535. Only the canonical text of parsed values reaches an nft script, never the input.
 */
public record EgressPolicy(List<Allow> rules) {

    public static final EgressPolicy DENY_ALL = new EgressPolicy(List.of());

    public enum Protocol { TCP, UDP, ICMP, ALL }

    /** One port or an inclusive range. */
    public record PortRange(int first, int last) {
        @Override
        public String toString() {
            return first == last ? Integer.toString(first) : first + "-" + last;
        }
    }

    /**
     * One parsed rule.
     *
     * @param destination canonical nft text: {@code 10.0.0.5}, {@code 10.0.0.0/24} or {@code 10.0.0.1-10.0.0.9}
     * @param ports       empty: every port (and always for icmp and all)
     */
    public record Allow(Protocol protocol, String destination, List<PortRange> ports) {
    }

    public EgressPolicy {
        rules = List.copyOf(rules);
    }

    /** Parses every rule; throws {@link IllegalArgumentException} naming the rule and its field. */
    public static EgressPolicy parse(List<EgressRule> input) {
        List<Allow> out = new ArrayList<>();
        for (int i = 0; i < (input == null ? 0 : input.size()); i++) {
            out.add(parse("egress[" + i + "]", input.get(i)));
        }
        return new EgressPolicy(out);
    }

    static Allow parse(String at, EgressRule r) {
        if (r == null) {
            throw new IllegalArgumentException(at + " must not be null");
        }
        Protocol protocol;
        String p = r.protocol() == null ? "" : r.protocol();
        switch (p) {
            case "tcp", "udp", "icmp", "all" -> protocol = Protocol.valueOf(p.toUpperCase(Locale.ROOT));
            default -> throw new IllegalArgumentException(at + ".protocol must be tcp, udp, icmp or all, got: " + r.protocol());
        }
        String destination = destination(at + ".destination", r.destination());
        List<PortRange> ports = List.of();
        if (protocol == Protocol.TCP || protocol == Protocol.UDP) {
            if (r.ports() != null) {
                ports = ports(at + ".ports", r.ports());
            }
        } else if (r.ports() != null) {
            throw new IllegalArgumentException(at + ".ports must be absent for protocol " + p + ", got: " + r.ports());
        }
        return new Allow(protocol, destination, ports);
    }

    private static String destination(String field, String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException(field + " must be an IPv4 address, CIDR or a-b range, got: " + text);
        }
        if (text.contains("/")) {
            return Ipv4.Cidr.parse(field, text).toString();
        }
        int dash = text.indexOf('-');
        if (dash >= 0) {
            long first = Ipv4.parse(field, text.substring(0, dash));
            long last = Ipv4.parse(field, text.substring(dash + 1));
            if (first > last) {
                throw new IllegalArgumentException(field + " range must run from low to high, got: " + text);
            }
            return Ipv4.format(first) + "-" + Ipv4.format(last);
        }
        return Ipv4.format(Ipv4.parse(field, text));
    }

    private static List<PortRange> ports(String field, String text) {
        if (!text.matches("[0-9]{1,5}(-[0-9]{1,5})?(,[0-9]{1,5}(-[0-9]{1,5})?){0,63}")) {
            throw new IllegalArgumentException(field + " must be a port (443), a range (8000-9000) or a comma list"
                    + " of those (80,443), got: " + text);
        }
        List<PortRange> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] ends = part.split("-");
            int first = Integer.parseInt(ends[0]);
            int last = ends.length == 2 ? Integer.parseInt(ends[1]) : first;
            if (first < 1 || last > 65535 || first > last) {
                throw new IllegalArgumentException(field + " must hold ports 1-65535, low to high, got: " + text);
            }
            out.add(new PortRange(first, last));
        }
        return out;
    }
}
