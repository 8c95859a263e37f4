package dev.paas.nodeagent.infra;

import dev.paas.nodeagent.core.LogLine;
import dev.paas.nodeagent.core.RingBuffer;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ring buffer of every instance on this node, by instance id, and the agent's own notes in
 * them (channel CELL). Buffers outlive an incarnation: a restarted instance keeps its lines.
 * Thread-safe: the supervisor and the tailer write, HTTP requests read.
 */
public final class InstanceLogs {

    /** Lines kept per instance. */
    public static final int LINES = 1000;

    private final Map<Long, RingBuffer<LogLine>> buffers = new ConcurrentHashMap<>();
    private final Clock clock;

    public InstanceLogs(Clock clock) {
        this.clock = clock;
    }

    /** The instance's buffer, created when missing. */
    public RingBuffer<LogLine> buffer(long instanceId) {
        return buffers.computeIfAbsent(instanceId, k -> new RingBuffer<>(LINES));
    }

    public Optional<RingBuffer<LogLine>> find(long instanceId) {
        return Optional.ofNullable(buffers.get(instanceId));
    }

    /** Appends one of the agent's own lines ("paas-agent: ..."). */
    public void note(long instanceId, int index, String text) {
        buffer(instanceId).append(new LogLine(clock.instant(), LogLine.Channel.CELL, index, "paas-agent: " + text));
    }

    /** Drops a buffer, unless it was replaced meanwhile. */
    public void drop(long instanceId, RingBuffer<LogLine> buffer) {
        buffers.remove(instanceId, buffer);
    }
}
