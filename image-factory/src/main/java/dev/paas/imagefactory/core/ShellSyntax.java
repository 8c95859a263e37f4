package dev.paas.imagefactory.core;

import java.util.Optional;
import java.util.Set;

/**
 * Whether a start command needs a shell. Cloud Foundry runs every command through one; the
 * guest init runs simple commands itself (it splits words, honours quotes and expands
 * {@code $NAME}/{@code ${NAME}}, see kernel/README.md), so an image carries a shell only when
 * the command uses what only a shell can do. This mirrors what {@code kernel/init/words.c}
 * refuses, plus what it would run differently from a shell (globs, {@code ~}, a newline between
 * commands, shell builtins and reserved words as the first word).
 */
public final class ShellSyntax {

    /**
     * First words that are shell builtins or reserved words: without a shell there is no program
     * by that name in the image (or it would behave differently, as {@code cd} or {@code export}).
     */
    static final Set<String> SHELL_WORDS = Set.of(
            ".", ":", "break", "continue", "eval", "exec", "exit", "export", "readonly", "return", "set", "shift",
            "times", "trap", "unset", "cd", "echo", "printf", "test", "[", "true", "false", "read", "wait", "ulimit",
            "umask", "alias", "command", "getopts", "kill", "pwd", "type", "source", "if", "then", "else", "elif",
            "fi", "do", "done", "case", "esac", "while", "until", "for", "{", "}", "!", "in", "function", "[[");

    private ShellSyntax() {}

    /**
     * @return empty when the init can run the command itself, else what needs a shell (for the
     *         staging log), e.g. {@code "'&&'"}
     */
    public static Optional<String> needsShell(String command) {
        int i = 0;
        int n = command.length();
        boolean wordStart = true;
        boolean firstWord = true;
        StringBuilder first = new StringBuilder();
        while (i < n) {
            char c = command.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n') {
                // words.c takes a newline as a blank; a shell runs the lines one after the other.
                if (c == '\n' && !command.substring(i).isBlank() && !command.substring(0, i).isBlank()) {
                    return Optional.of("a newline between commands");
                }
                if (!wordStart && firstWord) {
                    firstWord = false;
                    Optional<String> why = firstWord(first.toString());
                    if (why.isPresent()) {
                        return why;
                    }
                }
                wordStart = true;
                i++;
                continue;
            }
            boolean atWordStart = wordStart;
            wordStart = false;
            switch (c) {
                case '\'' -> {
                    int end = command.indexOf('\'', i + 1);
                    if (end < 0) {
                        return Optional.empty();  // the init reports the unterminated quote clearly
                    }
                    if (firstWord) {
                        first.append(command, i + 1, end);
                    }
                    i = end + 1;
                }
                case '"' -> {
                    i++;
                    while (i < n && command.charAt(i) != '"') {
                        char d = command.charAt(i);
                        if (d == '\\' && i + 1 < n && "\"\\$`".indexOf(command.charAt(i + 1)) >= 0) {
                            if (firstWord) {
                                first.append(command.charAt(i + 1));
                            }
                            i += 2;
                        } else if (d == '`') {
                            return Optional.of("backticks");
                        } else if (d == '$') {
                            Optional<String> why = dollar(command, i);
                            if (why.isPresent()) {
                                return why;
                            }
                            i++;
                        } else {
                            if (firstWord) {
                                first.append(d);
                            }
                            i++;
                        }
                    }
                    if (i >= n) {
                        return Optional.empty();
                    }
                    i++;
                }
                case '\\' -> {
                    if (i + 1 >= n) {
                        return Optional.empty();
                    }
                    if (firstWord) {
                        first.append(command.charAt(i + 1));
                    }
                    i += 2;
                }
                case '$' -> {
                    Optional<String> why = dollar(command, i);
                    if (why.isPresent()) {
                        return why;
                    }
                    if (firstWord) {
                        first.append('$');
                    }
                    i++;
                }
                case '`' -> {
                    return Optional.of("backticks");
                }
                case '|', '&', ';', '<', '>', '(', ')' -> {
                    String op = i + 1 < n && (command.charAt(i + 1) == c && (c == '|' || c == '&' || c == '>' || c == '<'))
                            ? "" + c + c : "" + c;
                    return Optional.of("'" + op + "'");
                }
                case '*', '?', '[' -> {
                    if (c == '[' && firstWord && atWordStart) {
                        return Optional.of("the shell builtin '['");
                    }
                    return Optional.of("a glob ('" + c + "')");
                }
                case '~' -> {
                    if (atWordStart) {
                        return Optional.of("'~' (the home directory)");
                    }
                    if (firstWord) {
                        first.append(c);
                    }
                    i++;
                }
                case '#' -> {
                    if (atWordStart) {
                        return Optional.of("a '#' comment");
                    }
                    if (firstWord) {
                        first.append(c);
                    }
                    i++;
                }
                case '{', '}', '!' -> {
                    if (atWordStart && firstWord) {
                        return Optional.of("'" + c + "'");
                    }
                    if (firstWord) {
                        first.append(c);
                    }
                    i++;
                }
                default -> {
                    if (firstWord) {
                        first.append(c);
                    }
                    i++;
                }
            }
        }
        return firstWord ? firstWord(first.toString()) : Optional.empty();
    }

    private static Optional<String> firstWord(String word) {
        if (SHELL_WORDS.contains(word)) {
            return Optional.of("the shell builtin '" + word + "'");
        }
        int eq = word.indexOf('=');
        if (eq > 0 && word.substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return Optional.of("an assignment before the command (" + word.substring(0, eq) + "=...)");
        }
        return Optional.empty();
    }

    /** What a '$' at i needs: command substitution, arithmetic, a special parameter, ${x:-y}. */
    private static Optional<String> dollar(String s, int i) {
        if (i + 1 >= s.length()) {
            return Optional.empty();
        }
        char c = s.charAt(i + 1);
        if (c == '(') {
            return Optional.of(i + 2 < s.length() && s.charAt(i + 2) == '(' ? "arithmetic $((...))" : "$(...)");
        }
        if ("0123456789@*#?$!-".indexOf(c) >= 0) {
            return Optional.of("the special parameter $" + c);
        }
        if (c == '{') {
            int end = s.indexOf('}', i + 2);
            if (end < 0 || !s.substring(i + 2, end).matches("[A-Za-z_][A-Za-z0-9_]*")) {
                return Optional.of("a parameter expansion other than ${NAME}");
            }
        }
        return Optional.empty();
    }
}
