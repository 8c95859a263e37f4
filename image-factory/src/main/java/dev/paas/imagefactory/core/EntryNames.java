package dev.paas.imagefactory.core;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The zip-slip rules for names inside a package: a name is a relative path that stays inside
 * the app directory. Backslashes count as separators (archives made on Windows), so
 * {@code ..\evil} is refused like {@code ../evil}.
 */
public final class EntryNames {

    /** The rule names used in refusal messages. */
    public static final String RULE_ABSOLUTE = "absolute path (zip-slip)";
    public static final String RULE_PARENT = "path leaves the app directory (zip-slip)";
    public static final String RULE_CHARACTERS = "control character in the name";
    public static final String RULE_EMPTY = "empty name";

    private EntryNames() {}

    /** A refusal: which rule the name broke. */
    public record Refusal(String rule) {}

    /**
     * @return the normalised relative path ({@code a/b/c}, no {@code .}, {@code ..} or empty
     *         segments, no trailing slash), or the rule it breaks
     */
    public static Result normalise(String name) {
        if (name == null || name.isEmpty()) {
            return Result.refused(RULE_EMPTY);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return Result.refused(RULE_CHARACTERS);
            }
        }
        String n = name.replace('\\', '/');
        if (n.startsWith("/") || n.matches("^[A-Za-z]:.*")) {
            return Result.refused(RULE_ABSOLUTE);
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String seg : n.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                // Even ".." that would come back inside (a/../b) is refused: no honest archiver
                // writes it, and refusing is simpler to reason about.
                return Result.refused(RULE_PARENT);
            }
            parts.addLast(seg);
        }
        if (parts.isEmpty()) {
            return Result.ok("");
        }
        return Result.ok(String.join("/", parts));
    }

    /**
     * Where a symbolic link at {@code linkPath} (normalised, relative) points, relative to the
     * app directory, or empty if its target leaves the directory (or is absolute).
     */
    public static Optional<String> resolveLink(String linkPath, String target) {
        if (target == null || target.isEmpty() || target.startsWith("/") || target.contains("\0")) {
            return Optional.empty();
        }
        Deque<String> parts = new ArrayDeque<>();
        int slash = linkPath.lastIndexOf('/');
        if (slash > 0) {
            for (String seg : linkPath.substring(0, slash).split("/")) {
                parts.addLast(seg);
            }
        }
        for (String seg : target.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                if (parts.isEmpty()) {
                    return Optional.empty();
                }
                parts.removeLast();
            } else {
                parts.addLast(seg);
            }
        }
        return Optional.of(String.join("/", parts));
    }

    /** Either a normalised name or a refusal. */
    public record Result(Optional<String> path, Optional<String> rule) {
        static Result ok(String p) {
            return new Result(Optional.of(p), Optional.empty());
        }

        static Result refused(String rule) {
            return new Result(Optional.empty(), Optional.of(rule));
        }

        public boolean refused() {
            return rule.isPresent();
        }
    }
}
