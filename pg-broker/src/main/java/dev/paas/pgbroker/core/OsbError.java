package dev.paas.pgbroker.core;

/**
 * A refusal in the Open Service Broker API's shape: an HTTP status and the body
 * {@code {"error": ..., "description": ...}}. {@code error} is one camel-case word; the spec's own
 * words ({@code ConcurrencyError}, {@code AsyncRequired}, ...) where it names one. The
 * description says what to fix; it never holds a secret.
 */
public final class OsbError extends RuntimeException {

    private final int status;
    private final String error;

    public OsbError(int status, String error, String description) {
        super(description);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String description() {
        return getMessage();
    }

    /** 400: the request is malformed or misses mandatory data; nothing was changed. */
    public static OsbError badRequest(String description) {
        return new OsbError(400, "BadRequest", description);
    }

    /** 422 ConcurrencyError: another operation on the same service instance is running. */
    public static OsbError concurrency(String instanceId) {
        return new OsbError(422, "ConcurrencyError", "another operation on service instance " + instanceId
                + " is in progress; try again when it has finished");
    }
}
