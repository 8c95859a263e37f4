package dev.paas.logdrain.api;

import dev.paas.logdrain.core.Backoff;
import dev.paas.logdrain.core.DrainUrl;
import dev.paas.logdrain.infra.DrainShipper;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * Ships log lines to syslog drains, as Cloud Foundry's loggregator does for apps bound to a
 * user-provided service with a drain URL ({@code cf cups NAME -l URL}).
 *
 * <pre>{@code
 * LogDrains drains = new LogDrains("node-1", LogDrains.Settings.DEFAULTS);
 * drains.ship(List.of("syslog://logs.example.com:514"), new DrainLine(now, "dev/web", "APP/PROC/WEB", "0", false, "hello"));
 * drains.retain(urlsStillBound);   // closes the drains no app uses any more
 * }</pre>
 *
 * <p>Thread-safe. {@link #ship} never blocks and never throws: each drain has its own bounded
 * queue and thread; a slow or unreachable drain loses lines (counted in {@link #dropped}), never
 * holds up the caller or another drain. A URL that is not a drain URL is skipped (logged once).
 */
public final class LogDrains implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.paas.logdrain");

    /**
     * @param queueCapacity  lines a drain may have waiting before new ones are dropped
     * @param maxBatch       lines sent at once (one write, or one HTTPS POST)
     * @param backoff        waits between reconnect attempts after a failure
     * @param connectTimeout for TCP and TLS connects
     * @param tls            trusts drains' certificates (syslog-tls, https); null: the JDK's trusted CAs
     * @param allowLoopback  drains on the shipping host's loopback are allowed (tests, one-host setups);
     *                       wildcard, link-local and multicast addresses never are
     */
    public record Settings(int queueCapacity, int maxBatch, Backoff backoff, Duration connectTimeout, SSLContext tls,
                           boolean allowLoopback) {

        /**
         * 10,000 lines queued per drain (CF's agents buffer about as many); batches of 100;
         * reconnect after 0.5 s doubling to 30 s; 5 s to connect; the JDK's trusted CAs; no loopback
         * drains (lines an app writes must not reach the shipping host's own services).
         */
        public static final Settings DEFAULTS = new Settings(10_000, 100,
                new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30)), Duration.ofSeconds(5), null, false);

        public Settings {
            if (queueCapacity < 1 || maxBatch < 1) {
                throw new IllegalArgumentException("queueCapacity and maxBatch must be at least 1");
            }
        }

        public Settings withQueue(int capacity, int batch) {
            return new Settings(capacity, batch, backoff, connectTimeout, tls, allowLoopback);
        }

        public Settings withBackoff(Duration min, Duration max) {
            return new Settings(queueCapacity, maxBatch, new Backoff(min, max), connectTimeout, tls, allowLoopback);
        }

        public Settings withTls(SSLContext context) {
            return new Settings(queueCapacity, maxBatch, backoff, connectTimeout, context, allowLoopback);
        }

        public Settings withLoopback(boolean allowed) {
            return new Settings(queueCapacity, maxBatch, backoff, connectTimeout, tls, allowed);
        }
    }

    private final String hostname;
    private final Settings settings;
    private final SSLContext tls;
    private final Map<String, DrainShipper> shippers = new ConcurrentHashMap<>();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicLong droppedByClosed = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong sentByClosed = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closed;

    /** @param hostname RFC 5424 HOSTNAME of every message: the shipping host (a node's name, the control plane's host) */
    public LogDrains(String hostname, Settings settings) {
        this.hostname = hostname;
        this.settings = settings;
        try {
            this.tls = settings.tls() != null ? settings.tls() : SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context", e);
        }
    }

    /** Queues {@code line} for each of {@code urls}. Any thread; never blocks. */
    public void ship(Collection<String> urls, DrainLine line) {
        if (closed) {
            return;
        }
        for (String u : urls) {
            DrainShipper s = shippers.get(u);
            if (s == null) {
                s = open(u);
            }
            if (s != null) {
                s.offer(line);
            }
        }
    }

    private DrainShipper open(String u) {
        var url = DrainUrl.parse(u);
        if (url.isEmpty()) {
            if (refused.add(u)) {
                LOG.log(System.Logger.Level.WARNING, "drain.bad-url scheme=" + (u.contains("://") ? u.substring(0, u.indexOf("://")) : "none")
                        + " (not syslog://, syslog-tls:// or https://HOST[:PORT]: lines for it are not shipped)");
            }
            return null;
        }
        return shippers.computeIfAbsent(u, k -> new DrainShipper(url.get(), hostname, settings.queueCapacity(), settings.maxBatch(),
                settings.backoff(), tls, settings.connectTimeout(), settings.allowLoopback()));
    }

    /** Closes the drains not in {@code urls} (no app is bound to them any more). */
    public void retain(Collection<String> urls) {
        Set<String> keep = Set.copyOf(urls);
        shippers.entrySet().removeIf(e -> {
            if (keep.contains(e.getKey())) {
                return false;
            }
            close(e.getValue());
            return true;
        });
    }

    /** Lines dropped for {@code url} (queue full, or their send failed); 0 for a drain never used. */
    public long dropped(String url) {
        DrainShipper s = shippers.get(url);
        return s == null ? 0 : s.dropped();
    }

    /** Lines sent to {@code url}. */
    public long sent(String url) {
        DrainShipper s = shippers.get(url);
        return s == null ? 0 : s.sent();
    }

    /** Lines dropped by every drain since this was made (closed ones included): a counter, never going down. */
    public long droppedTotal() {
        return droppedByClosed.get() + shippers.values().stream().mapToLong(DrainShipper::dropped).sum();
    }

    /** Lines sent to every drain since this was made: a counter, never going down. */
    public long sentTotal() {
        return sentByClosed.get() + shippers.values().stream().mapToLong(DrainShipper::sent).sum();
    }

    private void close(DrainShipper s) {
        s.close();
        droppedByClosed.addAndGet(s.dropped());
        sentByClosed.addAndGet(s.sent());
    }

    @Override
    public void close() {
        closed = true;
        shippers.values().forEach(this::close);
        shippers.clear();
    }
}
