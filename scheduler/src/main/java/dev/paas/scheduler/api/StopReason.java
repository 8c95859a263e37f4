package dev.paas.scheduler.api;

/** Why the plan stops an instance. */
public enum StopReason {
    /** Its index is at or above the desired instance count. */
    SCALED_DOWN,
    /** The app is STOPPED. */
    APP_STOPPED,
    /** The app no longer exists. */
    APP_DELETED,
    /**
     * A suspect instance (its node is DOWN or unknown) is released: a replacement serves its
     * index, or its app no longer wants it. Nobody can be asked to stop it, so the writer forgets
     * the row; the node's agent stops the VM if the node comes back (it is no longer desired).
     */
    NODE_DOWN,
    /** A replacement on another node is RUNNING; this one was on a DRAINING node. */
    EVACUATED,
    /** A RUNNING instance of the desired release took its index over (rolling deploy). */
    REPLACED,
    /** A rolling deploy timed out: its new, not healthy instance goes away. */
    DEPLOY_FAILED,
    /** Another instance of the same index is kept; two must never serve one index. */
    DUPLICATE
}
