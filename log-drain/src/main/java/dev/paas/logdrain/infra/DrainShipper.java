package dev.paas.logdrain.infra;

import dev.paas.logdrain.api.DrainLine;
import dev.paas.logdrain.core.Backoff;
import dev.paas.logdrain.core.DrainUrl;
import dev.paas.logdrain.core.Rfc5424;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * One drain: a bounded queue and a daemon thread that takes batches from it and sends them.
 * {@link #offer} never blocks: when the queue is full (the drain is slow, or down and the thread
 * waits to reconnect) the line is dropped and counted; a batch whose send failed is dropped and
 * counted too. Events: {@code drain.failing url=... error=... retry_in_ms=...} on the first failure
 * of a run, {@code drain.dropping url=... dropped=N} when dropping starts (and every 10,000 drops),
 * {@code drain.recovered url=... dropped=N} on the first success after that.
 */
public final class DrainShipper implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.paas.logdrain");
    private static final long LOG_EVERY = 10_000;

    private final DrainUrl url;
    private final String hostname;
    private final BlockingQueue<DrainLine> queue;
    private final int maxBatch;
    private final Backoff backoff;
    private final Transport transport;
    private final Thread thread;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean dropping;
    private volatile boolean closed;

    public DrainShipper(DrainUrl url, String hostname, int capacity, int maxBatch, Backoff backoff, SSLContext tls,
                        Duration connectTimeout, boolean allowLoopback) {
        this.url = url;
        this.hostname = hostname;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxBatch = maxBatch;
        this.backoff = backoff;
        this.transport = switch (url.scheme()) {
            case SYSLOG -> new SyslogTransport(url, null, connectTimeout, allowLoopback);
            case SYSLOG_TLS -> new SyslogTransport(url, tls, connectTimeout, allowLoopback);
            case HTTPS -> new HttpsTransport(url, tls, connectTimeout, allowLoopback);
        };
        this.thread = new Thread(this::run, "log-drain " + url.redacted());
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a line; drops and counts it when the queue is full. Any thread, never blocks. */
    public void offer(DrainLine line) {
        if (closed || queue.offer(line)) {
            return;
        }
        drop(1);
    }

    public long dropped() {
        return dropped.get();
    }

    public long sent() {
        return sent.get();
    }

    private void drop(int n) {
        long total = dropped.addAndGet(n);
        if (!dropping || total / LOG_EVERY != (total - n) / LOG_EVERY) {
            dropping = true;
            LOG.log(System.Logger.Level.WARNING, "drain.dropping url=" + url.redacted() + " dropped=" + total);
        }
    }

    private void run() {
        int failures = 0;
        List<DrainLine> batch = new ArrayList<>(maxBatch);
        List<String> messages = new ArrayList<>(maxBatch);
        while (!closed) {
            try {
                DrainLine first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                messages.clear();
                batch.forEach(l -> messages.add(Rfc5424.format(l, hostname)));
                try {
                    transport.send(messages);
                    sent.addAndGet(batch.size());
                    if (failures > 0 || dropping) {
                        LOG.log(System.Logger.Level.INFO, "drain.recovered url=" + url.redacted() + " dropped=" + dropped.get());
                    }
                    failures = 0;
                    dropping = false;
                } catch (IOException | RuntimeException e) {
                    transport.close();
                    if (closed) {
                        return;
                    }
                    drop(batch.size());
                    failures++;
                    Duration wait = backoff.after(failures);
                    if (failures == 1) {
                        LOG.log(System.Logger.Level.WARNING, "drain.failing url=" + url.redacted() + " error=\"" + e.getMessage()
                                + "\" retry_in_ms=" + wait.toMillis());
                    }
                    Thread.sleep(wait.toMillis());
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops the thread and drops the connection; queued lines are not sent. Idempotent. */
    @Override
    public void close() {
        closed = true;
        transport.close();
        thread.interrupt();
    }
}
