package dev.paas.api.core;

import dev.paas.pushrules.Names;
import dev.paas.model.EgressRule;
import dev.paas.model.SecurityGroupRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every rule a security group is checked by, in one place: its name and its rules, each turned
 * once into a {@link Rule} whose fields are known to be valid and normalised (lowercase protocol,
 * ports without spaces). Messages name the field as {@code rules[2].ports}.
 */
public final class SecurityRules {

    /** More than this many rules in one group is a mistake, not a policy. */
    public static final int MAX_RULES = 1000;
    public static final int MAX_DESCRIPTION = 255;
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9_.-]{0,61}[a-z0-9])?");
    private static final Pattern OCTET = Pattern.compile("0|[1-9][0-9]{0,2}");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,5}");

    private SecurityRules() {
    }

    public enum Protocol { TCP, UDP, ICMP, ALL;

        boolean takesPorts() {
            return this == TCP || this == UDP;
        }

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A validated rule. {@code ports} is null unless the protocol is tcp or udp. */
    public record Rule(Protocol protocol, String destination, String ports, String description) {

        public EgressRule toEgress() {
            return new EgressRule(protocol.wire(), destination, ports);
        }

        public SecurityGroupRule toWire() {
            return new SecurityGroupRule(protocol.wire(), destination, ports, description);
        }

        /** The stored form (the {@code rules} JSON column). */
        public Map<String, String> toStored() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("protocol", protocol.wire());
            m.put("destination", destination);
            if (ports != null) {
                m.put("ports", ports);
            }
            if (description != null) {
                m.put("description", description);
            }
            return m;
        }

        /** Reads the stored form back; it was validated when written, and is checked again. */
        public static Rule fromStored(Map<String, String> m) {
            return rule("rules", new SecurityGroupRule(m.get("protocol"), m.get("destination"), m.get("ports"), m.get("description")));
        }
    }

    /** A group name: 1-63 of lowercase letters, digits, '_', '.', '-' (as {@code public_networks}). */
    public static String name(String field, String name) {
        if (name == null || name.isEmpty()) {
            throw ApiException.invalid(field, "is required, e.g. \"corporate-proxy\"");
        }
        if (name.length() > 63) {
            throw ApiException.invalid(field, "'" + Names.abbreviate(name) + "' is " + name.length() + " characters; use at most 63");
        }
        if (!NAME.matcher(name).matches()) {
            throw ApiException.invalid(field, "'" + Names.abbreviate(name) + "' is not a valid security group name; use lowercase "
                    + "letters, digits, '_', '.' and '-' (a letter or digit first and last), e.g. public_networks");
        }
        return name;
    }

    /** Every rule of a group, or the first problem, naming {@code rules[i].field}. */
    public static List<Rule> rules(List<SecurityGroupRule> rules) {
        if (rules == null) {
            throw ApiException.invalid("rules", "is required: a list such as "
                    + "[{\"protocol\": \"tcp\", \"destination\": \"10.0.0.0/24\", \"ports\": \"443\"}] ([] allows nothing)");
        }
        if (rules.size() > MAX_RULES) {
            throw ApiException.invalid("rules", "has " + rules.size() + " rules; a group holds at most " + MAX_RULES);
        }
        List<Rule> out = new ArrayList<>(rules.size());
        for (int i = 0; i < rules.size(); i++) {
            out.add(rule("rules[" + i + "]", rules.get(i)));
        }
        return List.copyOf(out);
    }

    static Rule rule(String at, SecurityGroupRule r) {
        if (r == null) {
            throw ApiException.invalid(at, "is null; write a rule such as {\"protocol\": \"all\", \"destination\": \"10.0.0.1\"}");
        }
        Protocol protocol = protocol(at + ".protocol", r.protocol());
        String destination = destination(at + ".destination", r.destination());
        String ports = null;
        if (protocol.takesPorts()) {
            ports = ports(at + ".ports", r.ports());
        } else if (r.ports() != null) {
            throw ApiException.invalid(at + ".ports", "only tcp and udp rules take ports; leave ports out (protocol "
                    + protocol.wire() + " allows every port)");
        }
        icmpAll(at + ".type", "type", protocol, r.type());
        icmpAll(at + ".code", "code", protocol, r.code());
        String description = r.description();
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw ApiException.invalid(at + ".description", "is " + description.length() + " characters; use at most " + MAX_DESCRIPTION);
        }
        return new Rule(protocol, destination, ports, description);
    }

    private static Protocol protocol(String field, String p) {
        if (p == null || p.isEmpty()) {
            throw ApiException.invalid(field, "is required: tcp, udp, icmp or all");
        }
        for (Protocol candidate : Protocol.values()) {
            if (candidate.wire().equalsIgnoreCase(p)) {
                return candidate;
            }
        }
        throw ApiException.invalid(field, "'" + Names.abbreviate(p) + "' is not a protocol; use tcp, udp, icmp or all");
    }

    /** Only "every type/code" (-1, Cloud Foundry's wildcard) is accepted: the data path allows ICMP as a whole. */
    private static void icmpAll(String field, String what, Protocol protocol, Integer value) {
        if (value == null) {
            return;
        }
        if (protocol != Protocol.ICMP) {
            throw ApiException.invalid(field, "only icmp rules take a " + what + "; leave it out");
        }
        if (value != -1) {
            throw ApiException.invalid(field, "ICMP " + what + " " + value + " is not supported: an icmp rule allows every ICMP "
                    + what + "; leave " + what + " out (or write -1)");
        }
    }

    /** One IPv4 address, a CIDR with no host bits set, or a range low-high; returned as given. */
    static String destination(String field, String d) {
        if (d == null || d.isEmpty()) {
            throw ApiException.invalid(field, "is required: an IPv4 address (10.0.0.5), a CIDR (10.0.0.0/24) or a range "
                    + "(10.0.0.1-10.0.0.9)");
        }
        String shown = "'" + Names.abbreviate(d) + "'";
        int slash = d.indexOf('/');
        int dash = d.indexOf('-');
        if (slash >= 0) {
            long address = ipv4(field, d.substring(0, slash), shown);
            String bits = d.substring(slash + 1);
            if (!NUMBER.matcher(bits).matches() || Integer.parseInt(bits) > 32 || (bits.length() > 1 && bits.startsWith("0"))) {
                throw ApiException.invalid(field, shown + " has a prefix length '" + Names.abbreviate(bits) + "'; use 0 to 32, e.g. 10.0.0.0/24");
            }
            int prefix = Integer.parseInt(bits);
            long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
            if ((address & mask) != address) {
                throw ApiException.invalid(field, shown + " has host bits set; the network is " + format(address & mask) + "/" + prefix);
            }
            return d;
        }
        if (dash >= 0) {
            long low = ipv4(field, d.substring(0, dash), shown);
            long high = ipv4(field, d.substring(dash + 1), shown);
            if (low > high) {
                throw ApiException.invalid(field, shown + " is a reversed range; write the lower address first: "
                        + format(high) + "-" + format(low));
            }
            return d;
        }
        ipv4(field, d, shown);
        return d;
    }

    private static long ipv4(String field, String s, String shown) {
        String[] parts = s.split("\\.", -1);
        boolean ok = parts.length == 4;
        long value = 0;
        for (int i = 0; ok && i < 4; i++) {
            ok = OCTET.matcher(parts[i]).matches() && Integer.parseInt(parts[i]) <= 255;
            value = ok ? (value << 8) | Integer.parseInt(parts[i]) : 0;
        }
        if (!ok) {
            throw ApiException.invalid(field, shown + " is not an IPv4 address, CIDR or range: '" + Names.abbreviate(s)
                    + "' must be four numbers 0-255 without leading zeros, e.g. 10.0.0.5, 10.0.0.0/24 or 10.0.0.1-10.0.0.9");
        }
        return value;
    }

    private static String format(long a) {
        return (a >> 24 & 255) + "." + (a >> 16 & 255) + "." + (a >> 8 & 255) + "." + (a & 255);
    }

    /** {@code 443}, {@code 8000-9000} or a comma list of those; returned without spaces. */
    static String ports(String field, String p) {
        if (p == null || p.isBlank()) {
            throw ApiException.invalid(field, "is required for tcp and udp rules: a port (443), a range (8000-9000) or a list (80,443)");
        }
        List<String> parts = new ArrayList<>();
        for (String part : p.split(",", -1)) {
            String t = part.strip();
            int dash = t.indexOf('-');
            if (dash < 0) {
                port(field, t, p);
            } else if (port(field, t.substring(0, dash), p) > port(field, t.substring(dash + 1), p)) {
                throw ApiException.invalid(field, "'" + Names.abbreviate(p) + "' has a reversed range '" + t + "'; write the lower port first");
            }
            parts.add(t);
        }
        return String.join(",", parts);
    }

    private static int port(String field, String s, String whole) {
        int n = NUMBER.matcher(s).matches() ? Integer.parseInt(s) : -1;
        if (n < 1 || n > 65535) {
            throw ApiException.invalid(field, "'" + Names.abbreviate(whole) + "' is not a port list: "
                    + (s.isEmpty() ? "a port is missing" : "'" + Names.abbreviate(s) + "' is not a port 1-65535")
                    + "; write 443, 8000-9000 or 80,443");
        }
        return n;
    }
}
