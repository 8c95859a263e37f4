package dev.paas.api.core;

/** A node agent calling with its node credential: which node it is and its pool. */
public record NodeCaller(long nodeId, String name, String pool) {
}
