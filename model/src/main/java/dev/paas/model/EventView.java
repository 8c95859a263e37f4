package dev.paas.model;

import java.time.Instant;
import java.util.Map;

/** One line of the audit trail: who did what to which target, when. */
public record EventView(long id, Instant at, String actor, String action, String space, String app,
                        String target, Map<String, Object> details) {
}
