package dev.paas.model;

import java.time.Instant;

/** A space: a named group of apps and routes with its members. */
public record SpaceView(String name, long apps, long members, Instant createdAt) {
}
