package dev.paas.model;

import java.time.Instant;
import java.util.List;

/**
 * A numbered version of an app: an image and the env its instances receive ({@code env}: the
 * variable names only); {@code current} marks the one new instances run.
 */
public record RevisionView(int number, String imageDigest, long imageBytes, String runtime, String description,
                           String createdBy, Instant createdAt, boolean current, List<String> env) {

    public RevisionView {
        env = env == null ? List.of() : List.copyOf(env);
    }
}
