package dev.paas.model;

/**
 * Every error the control plane can answer with, and its HTTP status. The body is always
 * {@link ErrorBody}: {@code {"code": "...", "message": "..."}}, whose message says what to fix.
 */
public enum ErrorCode {
    /** A field has a value we cannot accept; the message names the field. */
    INVALID_FIELD(400),
    /** The body is not JSON, not the expected shape, or names an unknown field. */
    MALFORMED_REQUEST(400),
    /** No token, an unknown token, a revoked token, or a wrong password. */
    UNAUTHENTICATED(401),
    /** The caller is known but its role does not allow this. */
    FORBIDDEN(403),
    /** Nothing by that name, or nothing the caller may see (we never reveal which). */
    NOT_FOUND(404),
    /** The method is not offered on this path. */
    METHOD_NOT_ALLOWED(405),
    /** The name is already taken (an app in the space, a route, a user, a pool). */
    ALREADY_EXISTS(409),
    /** The resource changed since the caller read it; re-read and retry. */
    STALE_VERSION(409),
    /** The resource is in a state that refuses this request (e.g. deleting a space with apps). */
    CONFLICT(409),
    /** The upload or body is larger than the limit. */
    PAYLOAD_TOO_LARGE(413),
    /** The body has a media type we do not read. */
    UNSUPPORTED_MEDIA_TYPE(415),
    /** Too many wrong passwords: wait for the time in {@code Retry-After} (and the message). */
    TOO_MANY_ATTEMPTS(429),
    /** Something broke on our side; the log has the details. */
    INTERNAL(500),
    /**
     * A service broker failed or could not be reached (an error answer, a time-out, a body that
     * cannot be read); the message names the broker and what it said.
     */
    BROKER_ERROR(502),
    /**
     * The control plane cannot reach its PostgreSQL; nothing is known to be done. The answer
     * carries {@code Retry-After} (seconds): retry then.
     */
    DATABASE_UNAVAILABLE(503),
    /**
     * The package or image store could not be written (not writable, full); the message names the
     * path and the reason. Nothing was kept: no blob without its row, no row without its blob.
     */
    STORAGE_UNAVAILABLE(507);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
