package dev.paas.nodeagent.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code capacity} items, each numbered with a sequence that grows by one per append
 * (starting at 1), so a follower can ask for "everything after n" and learn if it fell behind.
 * Thread-safe: one writer (the log tailer) and any number of readers (HTTP requests).
 */
public final class RingBuffer<T> {

    /** An item and its sequence number. */
    public record Entry<T>(long seq, T value) {}

    private final Object[] items;
    private long next = 1;

    public RingBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got: " + capacity);
        }
        items = new Object[capacity];
    }

    public int capacity() {
        return items.length;
    }

    /** Appends and returns the item's sequence number. */
    public synchronized long append(T value) {
        long seq = next++;
        items[(int) ((seq - 1) % items.length)] = value;
        return seq;
    }

    /** Sequence of the newest item, 0 when empty. */
    public synchronized long lastSeq() {
        return next - 1;
    }

    public synchronized int size() {
        return (int) Math.min(next - 1, items.length);
    }

    /** The newest {@code n} items (fewer if there are fewer), oldest first. */
    public synchronized List<Entry<T>> recent(int n) {
        long from = Math.max(oldestSeq(), next - Math.max(0, n));
        return range(from);
    }

    /** Every retained item with a sequence greater than {@code seq}, oldest first. */
    public synchronized List<Entry<T>> after(long seq) {
        return range(Math.max(oldestSeq(), seq + 1));
    }

    private long oldestSeq() {
        return Math.max(1, next - items.length);
    }

    @SuppressWarnings("unchecked")
    private List<Entry<T>> range(long from) {
        List<Entry<T>> out = new ArrayList<>();
        for (long s = from; s < next; s++) {
            out.add(new Entry<>(s, (T) items[(int) ((s - 1) % items.length)]));
        }
        return out;
    }
}
