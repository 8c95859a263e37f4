package dev.paas.api.core;

import dev.paas.model.ErrorCode;

/**
 * The one exception the control plane throws on purpose. The REST layer maps it to
 * {@code {"code": ..., "message": ...}} with the code's HTTP status; the message must say what to fix.
 */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final long retryAfterSeconds;

    public ApiException(ErrorCode code, String message) {
        this(code, message, 0);
    }

    /** An error the caller may retry after {@code retryAfterSeconds} (answered as {@code Retry-After}). */
    public ApiException(ErrorCode code, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ErrorCode code() {
        return code;
    }

    /** Seconds to wait before retrying; 0 when the answer carries no {@code Retry-After}. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ApiException invalid(String field, String problem) {
        return new ApiException(ErrorCode.INVALID_FIELD, field + ": " + problem);
    }

    /**
     * {@code value} when {@code rule} finds no problem with it; else refused as {@link #invalid} on
     * {@code field} with the rule's message (the shared push rules answer without field names).
     */
    public static <T> T checked(String field, T value, java.util.function.Function<T, java.util.Optional<String>> rule) {
        rule.apply(value).ifPresent(problem -> {
            throw invalid(field, problem);
        });
        return value;
    }

    public static ApiException notFound(String what) {
        return new ApiException(ErrorCode.NOT_FOUND, what + " not found");
    }

    public static ApiException forbidden(String message) {
        return new ApiException(ErrorCode.FORBIDDEN, message);
    }

    public static ApiException alreadyExists(String message) {
        return new ApiException(ErrorCode.ALREADY_EXISTS, message);
    }
}
