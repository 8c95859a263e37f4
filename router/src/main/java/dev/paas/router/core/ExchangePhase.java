package dev.paas.router.core;

/**
 * Where one proxied request is in its life, as its response side sees it (the request body is
 * read alongside, on its own; an exchange is over when both are done).
 *
 * <pre>
 * HELD <──> WAITING ──> RESPONDING ──> RESPONDED ──> FINISHED
 *  │         │  │          │              ▲
 *  │         │  │          └──> ABORTED   │ (the router's own answer: 404, 502, 503 ...)
 *  │         │  └─────────────────────────┤
 *  └─────────┼────────────────────────────┘ (held too long, or too many held: 503)
 *            └──> TUNNELED (101: bytes both ways from now on)
 * WAITING, HELD, RESPONDING, RESPONDED, ABORTED ──> GONE (the client's connection closed)
 * </pre>
 */
public enum ExchangePhase {
    /** Routing, connecting to an app or waiting for its answer: nothing of a response was sent. */
    WAITING,
    /**
     * Routed to an app scaled to zero (or being woken) that has no instance yet: the request is
     * kept, reading of its body paused, until a table with endpoints for the app arrives (back to
     * WAITING) or the wait limit passes (the router's own 503).
     */
    HELD,
    /** The app's response head went to the client; its body is streaming. */
    RESPONDING,
    /** The whole response went to the client (the app's or the router's own); the request body may still be arriving. */
    RESPONDED,
    /** The response broke off (the app failed mid-body, or the request body was not valid HTTP): the client's connection is being closed so a cut-off response never looks whole. */
    ABORTED,
    /** The app answered 101: the two connections are joined byte for byte; no more HTTP. */
    TUNNELED,
    /** The client's connection closed before the exchange finished. */
    GONE,
    /** Answered and the whole request read: the connection moved on to its next request. */
    FINISHED;

    /** Whether the exchange may go from this phase to {@code next}; staying is always allowed. */
    public boolean allowsTransitionTo(ExchangePhase next) {
        if (next == this) {
            return true;
        }
        return switch (this) {
            case WAITING -> next == HELD || next == RESPONDING || next == RESPONDED || next == TUNNELED || next == GONE;
            case HELD -> next == WAITING || next == RESPONDED || next == GONE;
            case RESPONDING -> next == RESPONDED || next == ABORTED || next == GONE;
            case RESPONDED -> next == FINISHED || next == GONE;
            case ABORTED -> next == GONE;
            case TUNNELED, GONE, FINISHED -> false;
        };
    }

    /** Whether the response is complete: nothing more comes from the app for this exchange. */
    public boolean responseDone() {
        return this == RESPONDED || this == TUNNELED || this == FINISHED;
    }

    /** Whether the exchange no longer answers anything: done, cut off, or its client left. */
    public boolean over() {
        return this != WAITING && this != HELD && this != RESPONDING;
    }
}
