package dev.paas.cli.core;

import java.util.Optional;

/**
 * What the guest's init refuses in a start command, found at push instead of at boot (where it
 * would crash-loop). The guest has no shell: the init splits the command itself
 * ({@code kernel/init/words.c}, rules in {@code kernel/README.md}); this is the same scan, with the
 * same messages, without expanding anything.
 */
public final class GuestCommand {

    private static final String SPECIAL = "0123456789@*#?$!-";

    private GuestCommand() {
    }

    /** Why the guest cannot run {@code command}; empty when it can (or when there is none). */
    public static Optional<String> problem(String command) {
        if (command == null || command.isBlank()) {
            return Optional.empty();
        }
        String cmd = command.strip();
        StringBuilder first = new StringBuilder();
        int words = 0;
        boolean inWord = false;
        int i = 0;
        while (i < cmd.length()) {
            char c = cmd.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n') {
                if (inWord) {
                    words++;
                }
                inWord = false;
                i++;
            } else if (c == '\'') {
                int end = cmd.indexOf('\'', i + 1);
                if (end < 0) {
                    return Optional.of("has an unterminated single quote");
                }
                if (words == 0) {
                    first.append(cmd, i + 1, end);
                }
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                inWord = true;
                for (i++; i < cmd.length() && cmd.charAt(i) != '"'; ) {
                    char q = cmd.charAt(i);
                    if (q == '\\' && i + 1 < cmd.length() && "\"\\$`".indexOf(cmd.charAt(i + 1)) >= 0) {
                        i += 2;
                    } else if (q == '`') {
                        return refuse("backticks");
                    } else if (q == '$') {
                        Optional<String> bad = dollar(cmd, i);
                        if (bad.isPresent()) {
                            return bad;
                        }
                        i++;
                    } else {
                        i++;
                    }
                }
                if (i >= cmd.length()) {
                    return Optional.of("has an unterminated double quote");
                }
                i++;
            } else if (c == '\\') {
                if (i + 1 >= cmd.length()) {
                    return Optional.of("ends with a lone backslash");
                }
                inWord = true;
                i += 2;
            } else if (c == '$') {
                Optional<String> bad = dollar(cmd, i);
                if (bad.isPresent()) {
                    return bad;
                }
                inWord = true;
                i++;
            } else if (c == '`') {
                return refuse("backticks");
            } else if ("|&;<>()".indexOf(c) >= 0) {
                return refuse("'" + c + "' (pipes, lists, redirections)");
            } else if (c == '#' && !inWord) {
                return refuse("a '#' comment");
            } else {
                if (words == 0) {
                    first.append(c);
                }
                inWord = true;
                i++;
            }
        }
        if (first.toString().matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
            return refuse("an assignment before the command (set the variable in env instead)");
        }
        return Optional.empty();
    }

    /** The {@code $} at {@code i}: a name or {@code ${NAME}} is fine, anything a shell would evaluate is not. */
    private static Optional<String> dollar(String cmd, int i) {
        char next = i + 1 < cmd.length() ? cmd.charAt(i + 1) : 0;
        if (next == '(') {
            return refuse("command substitution $(...)");
        }
        if (next == '{') {
            int end = cmd.indexOf('}', i + 2);
            if (end < 0 || !cmd.substring(i + 2, end).matches("[A-Za-z_][A-Za-z0-9_]*")) {
                return Optional.of("has a bad substitution: only ${NAME} is supported");
            }
            return Optional.empty();
        }
        if (next != 0 && SPECIAL.indexOf(next) >= 0) {
            return refuse("a special parameter like $1, $@ or $?");
        }
        return Optional.empty();
    }

    private static Optional<String> refuse(String what) {
        return Optional.of("uses " + what + ", which needs a shell; there is no shell in the guest yet "
                + "(start one program with its arguments, e.g. 'java -jar app.jar --port $PORT')");
    }
}
