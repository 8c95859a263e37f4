package dev.paas.model;

/** A lifecycle enum that says which moves are legal, as Diego's ActualLRP does. */
public interface Transitions<S extends Enum<S>> {

    /** Whether a record in this state may move to {@code next}; staying put is always allowed. */
    boolean allowsTransitionTo(S next);
}
