package dev.paas.cli.core;

import java.util.List;

/**
 * Bad input found before anything is sent to the control plane: a malformed manifest, a bad
 * flag value, a missing path. Carries every problem found, each a message that says what to fix
 * and, when it comes from a manifest, where (file, line and column).
 */
public final class InputException extends RuntimeException {

    private final List<String> problems;

    public InputException(List<String> problems) {
        super(String.join("; ", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an InputException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public InputException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
