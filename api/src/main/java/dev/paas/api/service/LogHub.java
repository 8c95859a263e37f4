package dev.paas.api.service;

import dev.paas.model.LogLine;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

/**
 * The control plane's own part of each app's log stream: {@code STG}, {@code API}, {@code CELL}
 * and {@code RTR} lines, the last {@value #CAPACITY} per app, in memory, plus live subscribers.
 * (The apps' own {@code APP} lines stay on the node agents and are fetched from them.) Lines
 * recorded by another control plane replica are not seen here; see the README.
 * Thread-safe; subscribers are called on the adding thread and must not block.
 */
@ApplicationScoped
public class LogHub {

    public static final int CAPACITY = 1000;
    private final Map<Long, Deque<LogLine>> buffers = new ConcurrentHashMap<>();
    private final Map<Long, Set<Consumer<LogLine>>> subscribers = new ConcurrentHashMap<>();
    private final Set<java.util.function.BiConsumer<Long, LogLine>> taps = new CopyOnWriteArraySet<>();
    private final Clock clock;

    public LogHub(Clock clock) {
        this.clock = clock;
    }

    public void add(long appId, String source, Integer instance, String stream, String text) {
        add(appId, source, instance, stream, text, Instant.now(clock));
    }

    public void add(long appId, String source, Integer instance, String stream, String text, Instant at) {
        for (String part : text.split("\n", -1)) {
            if (part.isEmpty()) {
                continue;
            }
            LogLine line = new LogLine(at, source, instance, stream, part);
            Deque<LogLine> buf = buffers.computeIfAbsent(appId, k -> new ArrayDeque<>());
            synchronized (buf) {
                buf.addLast(line);
                while (buf.size() > CAPACITY) {
                    buf.removeFirst();
                }
            }
            for (Consumer<LogLine> s : subscribers.getOrDefault(appId, Set.of())) {
                s.accept(line);
            }
            for (java.util.function.BiConsumer<Long, LogLine> t : taps) {
                t.accept(appId, line);
            }
        }
    }

    public List<LogLine> recent(long appId) {
        Deque<LogLine> buf = buffers.get(appId);
        if (buf == null) {
            return List.of();
        }
        synchronized (buf) {
            return new ArrayList<>(buf);
        }
    }

    /** Calls {@code subscriber} with every new line of the app until the returned handle is closed. */
    public AutoCloseable subscribe(long appId, Consumer<LogLine> subscriber) {
        subscribers.computeIfAbsent(appId, k -> new CopyOnWriteArraySet<>()).add(subscriber);
        return () -> subscribers.getOrDefault(appId, Set.of()).remove(subscriber);
    }

    /** Calls {@code tap} with every new line of every app, on the adding thread; it must not block (the log drains). */
    public void tap(java.util.function.BiConsumer<Long, LogLine> tap) {
        taps.add(tap);
    }

    /** How many live subscribers all apps have now (a stream counts once it is subscribed). */
    public int subscriberCount() {
        return subscribers.values().stream().mapToInt(Set::size).sum();
    }

    /** Forgets a deleted app's lines. */
    public void forget(long appId) {
        buffers.remove(appId);
    }
}
