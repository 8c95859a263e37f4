package dev.paas.api.staging;

import java.util.function.Consumer;

/**
 * Batches staging output lines and hands them to a sink at most every 200 ms (and on flush), so
 * a chatty build does not write the database once per line. Thread-safe.
 */
final class StagingOutput {

    private static final long FLUSH_NANOS = 200_000_000L;
    private final Consumer<String> sink;
    private final StringBuilder pending = new StringBuilder();
    private long lastFlush = System.nanoTime();

    StagingOutput(Consumer<String> sink) {
        this.sink = sink;
    }

    synchronized void line(String text) {
        pending.append(text.replace("\r", "")).append('\n');
        if (System.nanoTime() - lastFlush > FLUSH_NANOS) {
            flush();
        }
    }

    synchronized void flush() {
        lastFlush = System.nanoTime();
        if (pending.isEmpty()) {
            return;
        }
        String text = pending.toString();
        pending.setLength(0);
        sink.accept(text);
    }
}
