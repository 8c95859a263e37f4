package dev.paas.router.core;

/**
 * An answer of the router's own, as its README's status table lists them: a status, the
 * {@code X-Paas-Router-Error} word, a one-line {@code text/plain} body that says what happened,
 * whether it carries {@code Retry-After: 1}, and whether it goes into the app's access log
 * (only when the request reached an app's route).
 */
public record OwnAnswer(int status, String error, String text, boolean retryAfter, boolean logged) {

    /** Longest host echoed back in a body. */
    static final int MAX_HOST = 255;

    /** A request the decoder could not read: 400, or 414 / 431 when its line or headers were too long. */
    public static OwnAnswer badRequest(int status, String reason, boolean tooLong) {
        return new OwnAnswer(status, "bad-request", status + " " + reason + ": "
                + (tooLong ? "the request line or headers are too long" : "the request is not valid HTTP/1.1") + "\n",
                false, false);
    }

    /** No route table loaded yet: not "no such app", the router does not know yet. Clients and load balancers retry. */
    public static OwnAnswer starting() {
        return new OwnAnswer(503, "starting", "503 Service Unavailable: the router is starting and has not loaded its "
                + "route table yet; retry in a second\n", true, false);
    }

    /** No route for this host and path; no app, so no app log to write to. */
    public static OwnAnswer unknownRoute(String host, String path) {
        return new OwnAnswer(404, "unknown-route", "404 Not Found: no app is mapped to " + printable(host) + path + "\n",
                false, false);
    }

    /** The route's app has no running, healthy instance. */
    public static OwnAnswer noEndpoints(String host) {
        return new OwnAnswer(503, "no-endpoints", "503 Service Unavailable: no instance of the app at "
                + printable(host) + " is running\n", false, true);
    }

    /**
     * The route's app is scaled to zero and already has {@code max} requests held while it wakes
     * (the router's {@code --max-held}): this one is not kept.
     */
    public static OwnAnswer tooManyHeld(String host, int max) {
        return new OwnAnswer(503, "wake-queue-full", "503 Service Unavailable: the app at " + printable(host)
                + " is starting from zero and already has " + max + " requests waiting; retry in a second\n", true, true);
    }

    /** The route's app, scaled to zero, had no running instance within the wait limit ({@code --wake-timeout}). */
    public static OwnAnswer wakeTimedOut(String host, long seconds) {
        return new OwnAnswer(503, "wake-timeout", "503 Service Unavailable: the app at " + printable(host)
                + " is starting from zero and had no running instance within " + seconds + " s; retry\n", true, true);
    }

    /** No instance accepted a connection in {@code tries} tries. */
    public static OwnAnswer noConnection(String host, int tries) {
        return new OwnAnswer(502, "endpoint-failure", "502 Bad Gateway: no instance of the app at " + printable(host)
                + " accepted a connection (" + tries + " tried)\n", false, true);
    }

    /** The instance failed after the request went to it, before its response began. */
    public static OwnAnswer endpointFailed(String endpoint) {
        return new OwnAnswer(502, "endpoint-failure", "502 Bad Gateway: the instance at " + endpoint
                + " failed before answering\n", false, true);
    }

    /** The request body was not valid HTTP (a broken chunk) before any response began. */
    public static OwnAnswer badBody() {
        return new OwnAnswer(400, "bad-request", "400 Bad Request: the request body is not valid HTTP/1.1\n", false, true);
    }

    /** A Host header as it may appear in a body: at most 255 characters, each outside printable ASCII shown as '?'. */
    static String printable(String host) {
        if (host == null) {
            return "(no Host header)";
        }
        String h = host.length() > MAX_HOST ? host.substring(0, MAX_HOST) : host;
        return h.replaceAll("[^\\x21-\\x7e]", "?");
    }
}
