package dev.paas.model;

import java.time.Instant;

/** Uploaded bits of an app, identified by their sha256. */
public record PackageView(long id, String app, String sha256, long sizeBytes, String filename, Instant createdAt) {
}
