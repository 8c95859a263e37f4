package dev.paas.model;

/** The state of a staging build: STAGING ends in STAGED or FAILED, never again. */
public enum BuildState implements Transitions<BuildState> {
    STAGING, STAGED, FAILED;

    @Override
    public boolean allowsTransitionTo(BuildState next) {
        if (next == this) {
            return true;
        }
        return this == STAGING;
    }
}
