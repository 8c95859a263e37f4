package dev.paas.model;

import java.time.Instant;
import java.util.Map;

/** A node pool: a named group of hosts with labels that placement can match. */
public record NodePoolView(String name, Map<String, String> labels, Instant createdAt) {
}
