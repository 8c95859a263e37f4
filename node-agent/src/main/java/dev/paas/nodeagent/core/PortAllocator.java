package dev.paas.nodeagent.core;

import java.util.BitSet;
import java.util.OptionalInt;
import java.util.function.IntPredicate;

/**
 * Hands out host ports from a configured range, round robin so a just-released port is not
 * reused at once (a router may still hold the old endpoint). Not thread-safe: the supervisor
 * owns it.
 */
public final class PortAllocator {

    private final int first;
    private final int last;
    private final BitSet used;
    private int cursor;

    public PortAllocator(int first, int last) {
        if (first < 1024 || last > 65535 || first > last) {
            throw new IllegalArgumentException("port range must be within 1024-65535 and first <= last, got: "
                    + first + "-" + last);
        }
        this.first = first;
        this.last = last;
        this.used = new BitSet(last - first + 1);
        this.cursor = first;
    }

    /**
     * The next free port for which {@code usable} holds (e.g. "nothing else listens there");
     * ports that fail the test stay free for later rounds.
     */
    public OptionalInt allocate(IntPredicate usable) {
        int size = last - first + 1;
        for (int i = 0; i < size; i++) {
            int port = first + (cursor - first + i) % size;
            if (!used.get(port - first) && usable.test(port)) {
                used.set(port - first);
                cursor = port == last ? first : port + 1;
                return OptionalInt.of(port);
            }
        }
        return OptionalInt.empty();
    }

    /** Marks a port as taken (a re-adopted VM's). Returns false when it is outside the range or taken. */
    public boolean reserve(int port) {
        if (port < first || port > last || used.get(port - first)) {
            return false;
        }
        used.set(port - first);
        return true;
    }

    public void release(int port) {
        if (port >= first && port <= last) {
            used.clear(port - first);
        }
    }

    public int inUse() {
        return used.cardinality();
    }
}
