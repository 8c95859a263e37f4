package dev.paas.cli;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The managed part of a service instance as the API shows it ({@code type}, {@code offering},
 * {@code plan}, {@code broker}, {@code lastOperation}), read from the JSON itself so that a
 * control plane without managed services (no such fields) reads as user-provided.
 *
 * @param operation   {@code create}, {@code update} or {@code delete}; null for user-provided
 * @param state       {@code in progress}, {@code succeeded} or {@code failed}; null for user-provided
 * @param description what the broker last said, may be null
 */
record ManagedState(String type, String offering, String plan, String broker, String operation, String state,
                    String description) {

    static final String IN_PROGRESS = "in progress";

    static ManagedState of(JsonNode instance) {
        JsonNode op = instance.path("lastOperation");
        return new ManagedState(text(instance, "type", "user-provided"), text(instance, "offering", null), text(instance, "plan", null),
                text(instance, "broker", null), text(op, "type", null), text(op, "state", null), text(op, "description", null));
    }

    private static String text(JsonNode n, String field, String otherwise) {
        JsonNode v = n.path(field);
        return v.isTextual() && !v.asText().isBlank() ? v.asText() : otherwise;
    }

    boolean managed() {
        return "managed".equals(type);
    }

    /** {@code user-provided}, else the offering's name as cf's services table shows it. */
    String offeringOrType() {
        return managed() ? (offering == null ? "" : offering) : type;
    }

    /** Cloud Foundry's "create in progress", "create succeeded", "delete failed"; empty for user-provided. */
    String lastOperation() {
        return operation == null || state == null ? "" : operation + " " + state;
    }

    boolean inProgress() {
        return IN_PROGRESS.equals(state);
    }

    boolean failed() {
        return "failed".equals(state);
    }
}
