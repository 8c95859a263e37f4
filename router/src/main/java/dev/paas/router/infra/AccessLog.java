package dev.paas.router.infra;

import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code RTR} access-log lines on their way to the control plane. Event loops {@link #offer}
 * one record per request and never wait: when the queue is full the record is dropped and
 * counted. The shipper ({@link AccessLogShipper}) drains it about once a second. Records are
 * formatted by the shipper, not on the request path. Offering is thread-safe; draining belongs
 * to the shipper's context.
 */
final class AccessLog {

    /**
     * One finished request. {@code status} 499 means the client went away first; {@code endpoint}
     * is null when no instance was reached; {@code wakeMillis} is how long it was held while its
     * app woke from zero, -1 when it was not held.
     */
    record Entry(long appId, long atMillis, String host, String method, String uri, int status, long bytes,
                 long durationMillis, String requestId, String endpoint, String userAgent, String remote, long wakeMillis) {

        /** A request that was not held. */
        Entry(long appId, long atMillis, String host, String method, String uri, int status, long bytes,
              long durationMillis, String requestId, String endpoint, String userAgent, String remote) {
            this(appId, atMillis, host, method, uri, status, bytes, durationMillis, requestId, endpoint, userAgent, remote, -1);
        }
    }

    private static final int MAX_URI = 1024;
    private static final int MAX_AGENT = 256;

    private final ArrayBlockingQueue<Entry> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    // The shipper's, reused batch after batch.
    private final List<Entry> drained = new ArrayList<>();
    private final StringBuilder json = new StringBuilder();
    private final StringBuilder line = new StringBuilder();
    private long cachedSecond = Long.MIN_VALUE;
    private String cachedPrefix = "";

    AccessLog(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Never blocks; drops (and counts) the entry when the queue is full. */
    void offer(Entry e) {
        if (!queue.offer(e)) {
            dropped.incrementAndGet();
        }
    }

    /** A POST body of {@code lines} lines, ready to send. */
    record Batch(int lines, Buffer body) {
    }

    /**
     * Takes up to {@code max} entries, oldest first, and writes them as the JSON of an
     * {@code AccessLogBatch}, straight into one builder (no JSON tree, no string per line): at
     * thousands of lines a second this is most of what the access log costs. One caller at a time.
     */
    Batch drain(String router, int max) {
        drained.clear();
        queue.drainTo(drained, max);
        json.setLength(0);
        json.append("{\"router\":");
        Wire.quote(json, router);
        json.append(",\"lines\":[");
        for (int i = 0; i < drained.size(); i++) {
            Entry e = drained.get(i);
            json.append(i == 0 ? "{\"appId\":" : ",{\"appId\":").append(e.appId()).append(",\"at\":\"");
            appendInstant(json, e.atMillis());
            json.append("\",\"text\":");
            line.setLength(0);
            appendText(line, e);
            Wire.quote(json, line);
            json.append('}');
        }
        json.append("]}");
        Batch batch = new Batch(drained.size(), Buffer.buffer(json.toString()));
        drained.clear();
        if (json.capacity() > 4 * 1024 * 1024) {
            json.setLength(0);
            json.trimToSize();
        }
        return batch;
    }

    /** ISO-8601 with milliseconds, as {@code Instant} parses it; the second's text is reused. */
    private void appendInstant(StringBuilder out, long millis) {
        long second = Math.floorDiv(millis, 1000);
        if (second != cachedSecond) {
            String iso = Instant.ofEpochSecond(second).toString(); // ...T09:34:22Z
            cachedPrefix = iso.substring(0, iso.length() - 1);
            cachedSecond = second;
        }
        int ms = (int) Math.floorMod(millis, 1000);
        out.append(cachedPrefix).append('.').append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10))
                .append((char) ('0' + ms % 10)).append('Z');
    }

    int queued() {
        return queue.size();
    }

    void countSent(int n) {
        sent.addAndGet(n);
    }

    void countDropped(int n) {
        dropped.addAndGet(n);
    }

    long dropped() {
        return dropped.get();
    }

    long sent() {
        return sent.get();
    }

    /**
     * {@code GET /cart?x=1 200 1234 bytes 12 ms x-request-id: 5f0c... endpoint 10.0.0.5:20001
     * host shop.example.com remote 203.0.113.9 user-agent "curl/8.0"} (a request held while its
     * app woke from zero: {@code ... 1250 ms wake_ms=1234 x-request-id: ...}): what, then how it went,
     * then where it went and who asked. Bytes: the body sent to the client.
     */
    static String text(Entry e) {
        StringBuilder b = new StringBuilder(160);
        appendText(b, e);
        return b.toString();
    }

    private static void appendText(StringBuilder b, Entry e) {
        b.append(e.method()).append(' ').append(clip(e.uri(), MAX_URI))
                .append(' ').append(e.status())
                .append(' ').append(e.bytes()).append(" bytes ")
                .append(e.durationMillis()).append(" ms");
        if (e.wakeMillis() >= 0) {
            b.append(" wake_ms=").append(e.wakeMillis()); // held while the app woke from zero (part of the ms before)
        }
        b                .append(" x-request-id: ").append(e.requestId())
                .append(" endpoint ").append(e.endpoint() == null ? "-" : e.endpoint())
                .append(" host ").append(clip(e.host(), 255))
                .append(" remote ").append(e.remote() == null ? "-" : e.remote())
                .append(" user-agent \"").append(e.userAgent() == null ? "-" : clip(e.userAgent(), MAX_AGENT)
                        .replace('"', '\'')).append('"');
    }

    private static String clip(String s, int max) {
        return s == null ? "-" : s.length() <= max ? s : s.substring(0, max) + "...";
    }

}
