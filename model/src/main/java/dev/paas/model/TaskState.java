package dev.paas.model;

/**
 * A task's lifecycle, as Cloud Foundry's: PENDING until its VM runs (or while no node has room),
 * RUNNING, then SUCCEEDED (exit 0) or FAILED (another exit, a VM that could not start, a cancel).
 * The two ends are final: a task is never restarted.
 */
public enum TaskState {
    PENDING, RUNNING, SUCCEEDED, FAILED;

    /** Whether the task has ended (nothing moves it any more). */
    public boolean ended() {
        return this == SUCCEEDED || this == FAILED;
    }

    /** PENDING -> RUNNING -> SUCCEEDED | FAILED, and PENDING straight to an end (a task that ended before it was seen running). */
    public boolean allowsTransitionTo(TaskState next) {
        return switch (this) {
            case PENDING -> next != PENDING;
            case RUNNING -> next.ended();
            case SUCCEEDED, FAILED -> false;
        };
    }
}
