package dev.paas.nodeagent.core;

import java.util.regex.Pattern;

/**
 * Strict IPv4 text: dotted quads without leading zeros, CIDRs with no host bits, ranges. Every
 * address the agent writes into an {@code ip} or {@code nft} command passed through here.
 */
public final class Ipv4 {

    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern ADDRESS = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");

    private Ipv4() {}

    /** Parses a literal IPv4 address; throws {@link IllegalArgumentException} naming {@code field}. */
    public static long parse(String field, String text) {
        if (text == null || !ADDRESS.matcher(text).matches()) {
            throw new IllegalArgumentException(field + " must be a literal IPv4 address (e.g. 10.0.0.5), got: " + text);
        }
        long v = 0;
        for (String part : text.split("\\.")) {
            v = (v << 8) | Integer.parseInt(part);
        }
        return v;
    }

    public static String format(long v) {
        return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }

    /** An IPv4 network: {@code address} has no bits beyond {@code prefix}. */
    public record Cidr(long address, int prefix) {
        public Cidr {
            if (prefix < 0 || prefix > 32) {
                throw new IllegalArgumentException("prefix must be between 0 and 32, got: " + prefix);
            }
            if ((address & ~mask(prefix) & 0xFFFFFFFFL) != 0) {
                throw new IllegalArgumentException("network address has host bits set: " + format(address) + "/" + prefix
                        + " (the network is " + format(address & mask(prefix)) + "/" + prefix + ")");
            }
        }

        /** {@code a.b.c.d/n}; throws naming {@code field}. */
        public static Cidr parse(String field, String text) {
            if (text == null) {
                throw new IllegalArgumentException(field + " must be a CIDR (e.g. 10.254.0.0/16), got: null");
            }
            int slash = text.indexOf('/');
            if (slash < 0 || !text.substring(slash + 1).matches("[0-9]|[12][0-9]|3[0-2]")) {
                throw new IllegalArgumentException(field + " must be a CIDR (e.g. 10.254.0.0/16), got: " + text);
            }
            try {
                return new Cidr(Ipv4.parse(field, text.substring(0, slash)), Integer.parseInt(text.substring(slash + 1)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
            }
        }

        public static long mask(int prefix) {
            return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        }

        public long size() {
            return 1L << (32 - prefix);
        }

        public boolean contains(long a) {
            return (a & mask(prefix)) == address;
        }

        @Override
        public String toString() {
            return format(address) + "/" + prefix;
        }
    }
}
