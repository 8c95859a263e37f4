package dev.paas.imagefactory.api;

/**
 * Receives staging output line by line while a build runs (the control plane tags these lines
 * {@code STG}). Called on the thread that runs {@link ImageFactory#build}, in order, never
 * concurrently for one build. Lines have no trailing newline. Implementations must be quick and
 * must not throw; an exception thrown here is ignored.
 */
@FunctionalInterface
public interface StagingListener {

    void line(String text);

    /** Discards everything. */
    static StagingListener none() {
        return text -> { };
    }
}
