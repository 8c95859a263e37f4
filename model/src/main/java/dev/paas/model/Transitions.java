package dev.paas.model;

/** A lifecycle enum that says which moves are legal, as Diego's ActualLRP does. */
public interface Transitions<S extends Enum<S>> {

    /** Whether a record in this state may move to {@code next}; staying put is always allowed. */
    boolean allowsTransitionTo(S next);

    /**
     * Refuses a move the table does not allow: a bug in the caller, never something to write
     * anyway. {@code subject} names the record in the message ("instance 7", "build 3").
     *
     * @throws IllegalStateException when this state may not move to {@code next}
     */
    default void requireTransitionTo(S next, String subject) {
        if (!allowsTransitionTo(next)) {
            throw new IllegalStateException(subject + ": " + this + " -> " + next + " is not a transition of "
                    + next.getDeclaringClass().getSimpleName());
        }
    }
}
