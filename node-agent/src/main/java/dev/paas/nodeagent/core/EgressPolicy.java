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
 *
 * <p>{@code services} are the endpoints the instance's service bindings opened
 * ({@code DesiredInstance.serviceEgress}), stricter still: tcp, one IPv4 address, one port. They
 * are allowed even where the always-denied set (the host's and the platform's addresses) would
 * refuse, so each is exact.
 */
public record EgressPolicy(List<Allow> rules, List<Service> services) {

    public static final EgressPolicy DENY_ALL = new EgressPolicy(List.of());

    /** One service endpoint: tcp to exactly this address (canonical IPv4 text) and port. */
    public record Service(String address, int port) {
        @Override
        public String toString() {
            return address + ":" + port;
        }
    }

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
        services = List.copyOf(services);
    }

    /** Allow rules only, no service endpoints. */
    public EgressPolicy(List<Allow> rules) {
        this(rules, List.of());
    }

    /** Parses every rule; throws {@link IllegalArgumentException} naming the rule and its field. */
    public static EgressPolicy parse(List<EgressRule> input) {
        return parse(input, List.of());
    }

    /**
     * Parses the security-group rules and the service endpoints; throws
     * {@link IllegalArgumentException} naming the rule ({@code egress[1]}, {@code serviceEgress[0]})
     * and its field.
     */
    public static EgressPolicy parse(List<EgressRule> input, List<EgressRule> serviceEgress) {
        List<Allow> out = new ArrayList<>();
        for (int i = 0; i < (input == null ? 0 : input.size()); i++) {
            out.add(parse("egress[" + i + "]", input.get(i)));
        }
        List<Service> services = new ArrayList<>();
        for (int i = 0; i < (serviceEgress == null ? 0 : serviceEgress.size()); i++) {
            Service s = service("serviceEgress[" + i + "]", serviceEgress.get(i));
            if (!services.contains(s)) {
                services.add(s);
            }
        }
        return new EgressPolicy(out, services);
    }

    private static Service service(String at, EgressRule r) {
        if (r == null) {
            throw new IllegalArgumentException(at + " must not be null");
        }
        if (!"tcp".equals(r.protocol())) {
            throw new IllegalArgumentException(at + ".protocol must be tcp, got: " + r.protocol());
        }
        String d = r.destination();
        if (d == null || d.contains("/") || d.contains("-")) {
            throw new IllegalArgumentException(at + ".destination must be one IPv4 address, got: " + d);
        }
        long a = Ipv4.parse(at + ".destination", d);
        for (String never : NftScripts.ALWAYS_DENIED) {
            if (Ipv4.Cidr.parse("denied", never).contains(a)) {
                // Loopback is the guest's own netns, link-local the clouds' metadata services: never a service.
                throw new IllegalArgumentException(at + ".destination must not be in " + never + ", got: " + d);
            }
        }
        String address = Ipv4.format(a);
        if (r.ports() == null || !r.ports().matches("[1-9][0-9]{0,4}") || Integer.parseInt(r.ports()) > 65535) {
            throw new IllegalArgumentException(at + ".ports must be one port 1-65535, got: " + r.ports());
        }
        return new Service(address, Integer.parseInt(r.ports()));
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
