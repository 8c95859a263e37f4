package dev.paas.api.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.model.ServiceInstanceView;

/**
 * The managed part of a service instance ({@code type}, {@code offering}, {@code plan},
 * {@code broker}, {@code lastOperation}: contract A), read from the view as the API writes it, so
 * that these pages work whether or not the instance view carries them (user-provided only).
 *
 * @param operation {@code create}, {@code update}, {@code delete}; null for user-provided
 * @param state     {@code in progress}, {@code succeeded}, {@code failed}; null for user-provided
 */
record ServiceState(String type, String offering, String plan, String broker, String operation, String state, String description) {

    static ServiceState of(ObjectMapper json, ServiceInstanceView view) {
        return of(json.valueToTree(view));
    }

    /** From the instance's JSON, as {@code GET /v1/.../service-instances/{name}} answers. */
    static ServiceState of(JsonNode n) {
        JsonNode op = n.path("lastOperation");
        return new ServiceState(text(n, "type", "user-provided"), text(n, "offering", null), text(n, "plan", null),
                text(n, "broker", null), text(op, "type", null), text(op, "state", null), text(op, "description", null));
    }

    private static String text(JsonNode n, String field, String otherwise) {
        JsonNode v = n.path(field);
        return v.isTextual() && !v.asText().isBlank() ? v.asText() : otherwise;
    }

    boolean managed() {
        return "managed".equals(type);
    }

    /** {@code postgresql · small}, or {@code user-provided}. */
    String kind() {
        return managed() ? (offering == null ? "managed" : offering) + (plan == null ? "" : " · " + plan) : "user-provided";
    }

    /** {@code create in progress}, {@code create succeeded}...; empty for user-provided. */
    String lastOperation() {
        return operation == null || state == null ? "" : operation + " " + state;
    }

    /** The badge colour of the last operation: bad when failed, warn while in progress. */
    String health() {
        if (state == null) {
            return "idle";
        }
        return switch (state) {
            case "failed" -> "bad";
            case "in progress" -> "warn";
            default -> "ok";
        };
    }
}
