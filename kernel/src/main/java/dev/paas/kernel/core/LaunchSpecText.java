package dev.paas.kernel.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The launch spec's text format, shared by rendering and parsing so both agree byte for byte
 * with the init's reader ({@code kernel/init/spec.c}): one {@code KEY VALUE} per line, a single
 * space between them, {@code #} lines and blank lines ignored, and in VALUE the escapes
 * {@code \\}, {@code \n} and {@code \t}.
 */
public final class LaunchSpecText {

    /** What a file said; fields the file omits are empty (the caller applies defaults). */
    public record Parsed(String command, Optional<String> dir, OptionalInt port, OptionalInt grace,
                         Map<String, String> env, Optional<String> user, Optional<String> shell) {}

    private LaunchSpecText() {}

    /**
     * @param user  {@code NAME:UID:GID:HOME}
     * @param shell absolute path of the shell that runs the command, or empty (the init splits it)
     */
    public static String render(String command, String dir, int port, int grace, Map<String, String> env,
                                String user, Optional<String> shell) {
        StringBuilder out = new StringBuilder();
        line(out, "command", command);
        line(out, "dir", dir);
        line(out, "port", Integer.toString(port));
        line(out, "grace", Integer.toString(grace));
        line(out, "user", user);
        shell.ifPresent(s -> line(out, "shell", s));
        env.forEach((name, value) -> line(out, "env", name + "=" + value));
        return out.toString();
    }

    public static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    public static String unescape(String value, int lineNo) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i == value.length()) {
                throw new IllegalArgumentException("line " + lineNo + ": value ends with a lone backslash");
            }
            switch (value.charAt(i)) {
                case '\\' -> out.append('\\');
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                default -> throw new IllegalArgumentException(
                        "line " + lineNo + ": unknown escape \\" + value.charAt(i) + " (only \\\\ \\n \\t)");
            }
        }
        return out.toString();
    }

    public static Parsed parse(String text) {
        String command = null;
        Optional<String> dir = Optional.empty();
        OptionalInt port = OptionalInt.empty();
        OptionalInt grace = OptionalInt.empty();
        Optional<String> user = Optional.empty();
        Optional<String> shell = Optional.empty();
        Map<String, String> env = new LinkedHashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            int lineNo = n + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.indexOf(' ');
            if (space <= 0) {
                throw new IllegalArgumentException("line " + lineNo + ": expected 'KEY VALUE'");
            }
            String key = line.substring(0, space);
            String value = unescape(line.substring(space + 1), lineNo);
            if (!key.equals("env") && !seen.add(key)) {
                throw new IllegalArgumentException("line " + lineNo + ": duplicate '" + key + "'");
            }
            switch (key) {
                case "command" -> command = value;
                case "dir" -> dir = Optional.of(value);
                case "port" -> port = OptionalInt.of(number(value, lineNo));
                case "grace" -> grace = OptionalInt.of(number(value, lineNo));
                case "user" -> user = Optional.of(value);
                case "shell" -> shell = Optional.of(value);
                case "env" -> {
                    int eq = value.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("line " + lineNo + ": env needs NAME=VALUE");
                    }
                    env.put(value.substring(0, eq), value.substring(eq + 1));
                }
                default -> throw new IllegalArgumentException("line " + lineNo + ": unknown directive '" + key + "'");
            }
        }
        if (command == null) {
            throw new IllegalArgumentException("the 'command' directive is required");
        }
        return new Parsed(command, dir, port, grace, env, user, shell);
    }

    private static void line(StringBuilder out, String key, String value) {
        out.append(key).append(' ').append(escape(value)).append('\n');
    }

    private static int number(String value, int lineNo) {
        if (!value.matches("[0-9]{1,6}")) {
            throw new IllegalArgumentException("line " + lineNo + ": expected a number, got '" + value + "'");
        }
        return Integer.parseInt(value);
    }
}
