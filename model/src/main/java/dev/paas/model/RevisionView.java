package dev.paas.model;

import java.time.Instant;

/** A numbered version of an app (an image); {@code current} marks the one new instances run. */
public record RevisionView(int number, String imageDigest, long imageBytes, String runtime, String description,
                           String createdBy, Instant createdAt, boolean current) {
}
