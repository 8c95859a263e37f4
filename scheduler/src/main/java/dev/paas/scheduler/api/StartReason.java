package dev.paas.scheduler.api;

/** Why the plan starts an instance; the writer turns it into an event. */
public enum StartReason {
    /** The index has no instance: a new app, a scale up, or a replacement for one stopped as not serving. */
    MISSING,
    /** The index's instance is suspect (its node went DOWN): a replacement, while it keeps serving. */
    NODE_DOWN,
    /** A crashed instance whose back-off has elapsed is placed again (same row, same crash count). */
    CRASH_RESTART,
    /** An UNCLAIMED instance that was pending finally fits somewhere. */
    UNCLAIMED,
    /** Its instance runs on a DRAINING node: the replacement starts elsewhere first. */
    EVACUATION,
    /** A rolling deploy replaces an instance of an older release. */
    ROLLING_DEPLOY,
    /** A one-off task's VM (an UNCLAIMED task row) is placed; a task is placed once and never restarted. */
    TASK
}
