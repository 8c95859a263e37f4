package dev.paas.imagefactory.core;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * npm's version ranges, the common forms ({@code engines.node} of package.json): comparators
 * {@code >= > <= < =}, caret {@code ^20.1}, tilde {@code ~20}, wildcards {@code 20.x} /
 * {@code *}, partial versions ({@code 20} means 20.x.x), hyphen ranges {@code 16 - 20},
 * space-separated comparators that must all hold ({@code >=16 <21}) and {@code ||} between
 * alternatives. Pre-release tags are ignored (a platform's node is a release).
 */
public final class SemverRange {

    /** A release version. */
    public record Version(int major, int minor, int patch) implements Comparable<Version> {
        private static final Pattern P = Pattern.compile("v?(\\d+)\\.(\\d+)\\.(\\d+).*");

        public static Version parse(String text) {
            Matcher m = P.matcher(text.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("not a version: " + text);
            }
            return new Version(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        }

        @Override
        public int compareTo(Version o) {
            int c = Integer.compare(major, o.major);
            if (c == 0) {
                c = Integer.compare(minor, o.minor);
            }
            return c == 0 ? Integer.compare(patch, o.patch) : c;
        }

        @Override
        public String toString() {
            return major + "." + minor + "." + patch;
        }
    }

    /** lower (inclusive, may be null) to upper (exclusive unless {@code upperIncluded}, may be null). */
    private record Interval(Version lower, Version upper, boolean upperIncluded) {
        boolean contains(Version v) {
            return (lower == null || v.compareTo(lower) >= 0)
                    && (upper == null || (upperIncluded ? v.compareTo(upper) <= 0 : v.compareTo(upper) < 0));
        }
    }

    private static final Pattern COMPARATOR = Pattern.compile("(>=|<=|>|<|=|\\^|~>?)?v?([0-9xX*]+)(?:\\.([0-9xX*]+))?(?:\\.([0-9xX*]+))?(?:[-+][0-9A-Za-z.-]*)?");

    private final String text;
    private final List<List<Interval>> alternatives;

    private SemverRange(String text, List<List<Interval>> alternatives) {
        this.text = text;
        this.alternatives = alternatives;
    }

    /** @throws IllegalArgumentException naming the part that is not a range */
    public static SemverRange parse(String text) {
        List<List<Interval>> alts = new ArrayList<>();
        for (String alt : text.split("\\|\\|", -1)) {
            String a = alt.strip().replaceAll("(>=|<=|>|<|=|\\^|~>?)\\s+", "$1");
            List<Interval> set = new ArrayList<>();
            String[] words = a.isEmpty() ? new String[0] : a.split("\\s+");
            for (int i = 0; i < words.length; i++) {
                if (i + 2 < words.length && words[i + 1].equals("-")) {
                    set.add(hyphen(words[i], words[i + 2], text));
                    i += 2;
                } else {
                    set.add(comparator(words[i], text));
                }
            }
            alts.add(set);
        }
        return new SemverRange(text, alts);
    }

    public boolean satisfiedBy(Version v) {
        return alternatives.stream().anyMatch(set -> set.stream().allMatch(i -> i.contains(v)));
    }

    @Override
    public String toString() {
        return text;
    }

    /** A partial version: the numbers given before the first wildcard. */
    private record Partial(int[] parts) {
        Version floor() {
            return new Version(at(0), at(1), at(2));
        }

        int at(int i) {
            return i < parts.length ? parts[i] : 0;
        }

        /** The first version above everything this partial version covers. */
        Version next() {
            return switch (parts.length) {
                case 1 -> new Version(parts[0] + 1, 0, 0);
                case 2 -> new Version(parts[0], parts[1] + 1, 0);
                default -> new Version(parts[0], parts[1], parts[2] + 1);
            };
        }
    }

    private static Partial partial(Matcher m, String whole) {
        List<Integer> parts = new ArrayList<>();
        for (int g = 2; g <= 4; g++) {
            String s = m.group(g);
            if (s == null || s.equalsIgnoreCase("x") || s.equals("*")) {
                break;
            }
            if (!s.chars().allMatch(Character::isDigit)) {
                throw bad(s, whole);
            }
            parts.add(Integer.parseInt(s));
        }
        return new Partial(parts.stream().mapToInt(Integer::intValue).toArray());
    }

    private static Interval comparator(String word, String whole) {
        Matcher m = COMPARATOR.matcher(word);
        if (!m.matches()) {
            throw bad(word, whole);
        }
        String op = m.group(1) == null ? "" : m.group(1);
        Partial p = partial(m, whole);
        if (p.parts().length == 0) {
            // * or x: anything; <x, >x: nothing (npm's reading)
            return op.equals("<") || op.equals(">") ? new Interval(new Version(0, 0, 0), new Version(0, 0, 0), false)
                    : new Interval(null, null, false);
        }
        int n = p.parts().length;
        return switch (op) {
            case "", "=" -> new Interval(p.floor(), n == 3 ? p.floor() : p.next(), n == 3);
            case ">=" -> new Interval(p.floor(), null, false);
            case ">" -> new Interval(p.next(), null, false);
            case "<" -> new Interval(null, p.floor(), false);
            case "<=" -> n == 3 ? new Interval(null, p.floor(), true) : new Interval(null, p.next(), false);
            case "~", "~>" -> new Interval(p.floor(), n == 1 ? p.next() : new Version(p.at(0), p.at(1) + 1, 0), false);
            case "^" -> new Interval(p.floor(), caretUpper(p), false);
            default -> throw bad(word, whole);
        };
    }

    private static Version caretUpper(Partial p) {
        int n = p.parts().length;
        if (p.at(0) > 0 || n == 1) {
            return new Version(p.at(0) + 1, 0, 0);
        }
        if (p.at(1) > 0 || n == 2) {
            return new Version(0, p.at(1) + 1, 0);
        }
        return new Version(0, 0, p.at(2) + 1);
    }

    private static Interval hyphen(String from, String to, String whole) {
        Matcher a = COMPARATOR.matcher(from);
        Matcher b = COMPARATOR.matcher(to);
        if (!a.matches() || a.group(1) != null) {
            throw bad(from, whole);
        }
        if (!b.matches() || b.group(1) != null) {
            throw bad(to, whole);
        }
        Partial lo = partial(a, whole);
        Partial hi = partial(b, whole);
        Version upper = hi.parts().length == 0 ? null : hi.parts().length == 3 ? hi.floor() : hi.next();
        return new Interval(lo.floor(), upper, hi.parts().length == 3);
    }

    private static IllegalArgumentException bad(String part, String whole) {
        return new IllegalArgumentException("'" + whole + "' is not a version range ('" + part
                + "' is not understood; use forms like >=18, ^20.1, ~20, 20.x, >=16 <21, 18 || 20)");
    }
}
