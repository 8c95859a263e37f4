package dev.paas.model;

/** The one error body of the API: a stable code and a message that says what to fix. */
public record ErrorBody(ErrorCode code, String message) {
}
