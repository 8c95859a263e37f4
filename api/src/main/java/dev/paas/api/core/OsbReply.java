package dev.paas.api.core;

import java.time.Duration;

/**
 * What one request to a service broker got: an answer ({@code status}, {@code body}, the
 * {@code Retry-After} it carried), or none ({@code status} 0: it timed out or the broker could not
 * be reached; {@code problem} says which).
 *
 * @param retryAfter null when the answer named none
 */
public record OsbReply(int status, String body, Duration retryAfter, NoAnswer problem, String detail) {

    /**
     * Why there is no answer: it timed out; the broker could not be reached (no connection, so
     * nothing was sent); or the connection broke after the request was sent.
     */
    public enum NoAnswer { TIMED_OUT, UNREACHABLE, BROKEN }

    public static OsbReply of(int status, String body) {
        return new OsbReply(status, body == null ? "" : body, null, null, null);
    }

    public static OsbReply timedOut() {
        return new OsbReply(0, "", null, NoAnswer.TIMED_OUT, null);
    }

    public static OsbReply unreachable(String detail) {
        return new OsbReply(0, "", null, NoAnswer.UNREACHABLE, detail);
    }

    public static OsbReply broken(String detail) {
        return new OsbReply(0, "", null, NoAnswer.BROKEN, detail);
    }

    public OsbReply withRetryAfter(Duration d) {
        return new OsbReply(status, body, d, problem, detail);
    }

    public boolean answered() {
        return problem == null;
    }
}
