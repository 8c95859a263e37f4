package dev.paas.cli.core;

/**
 * Progress of long work (packing, uploading): the caller says how much there is and how much
 * is done; an implementation draws a bar on a terminal or stays quiet. Called from one thread.
 */
public interface Progress {

    Progress NONE = new Progress() {
        @Override
        public void start(String label, long total) {
        }

        @Override
        public void advance(long amount) {
        }

        @Override
        public void done(String summary) {
        }
    };

    /** Begins a step of {@code total} units (bytes); 0 or less when unknown. */
    void start(String label, long total);

    void advance(long amount);

    /** Ends the step with a one-line summary. */
    void done(String summary);
}
