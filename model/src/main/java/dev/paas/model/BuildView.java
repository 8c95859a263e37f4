package dev.paas.model;

import java.time.Instant;
import java.util.Map;

/**
 * A staging build. {@code phases} holds milliseconds per phase (unpack, detect, build, pack);
 * {@code revision} is set once STAGED.
 */
public record BuildView(long id, String app, long packageId, BuildState state, String buildpack, String error,
                        String imageDigest, Integer revision, Map<String, Long> phases, Instant createdAt,
                        Instant finishedAt) {
}
