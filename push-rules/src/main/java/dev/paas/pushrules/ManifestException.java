package dev.paas.pushrules;

import java.util.List;

/**
 * A manifest that cannot be pushed: every problem found, each saying where ({@code manifest.yml,
 * line 4, column 13: ...}) and what to fix. Malformed YAML and the size limits stop at the first.
 */
public final class ManifestException extends IllegalArgumentException {

    private final List<String> problems;

    public ManifestException(List<String> problems) {
        super(String.join("; ", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ManifestException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public ManifestException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
