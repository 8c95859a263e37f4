package dev.paas.model;

/** {@code POST /v1/node-pools/{pool}/join-tokens}: an optional description and lifetime in hours. */
public record CreateJoinTokenRequest(String description, Integer ttlHours) {
}
