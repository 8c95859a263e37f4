package dev.paas.router.api;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a router is started with, validated once ({@link #validated}); later code never
 * sees an unchecked value.
 *
 * @param controlPlane base URL of a control plane ({@code http://host:port}), no path
 * @param routerKey    the shared secret sent as {@code Authorization: Bearer ...}; never logged
 * @param name         how the router names itself in access-log batches
 * @param bind         address the proxy listens on
 * @param port         proxy port; 0 picks a free one ({@code Router.port()} tells which)
 * @param adminBind    address the admin port ({@code /health}) listens on
 * @param adminPort    port of {@code /health}; 0 picks a free one
 * @param instances    proxy event loops (each with its own pool of app connections)
 * @param tuning       time-outs, retry and batching limits
 */
public record RouterConfig(URI controlPlane, String routerKey, String name, String bind, int port, String adminBind,
                           int adminPort, int instances, Tuning tuning) {

    /**
     * @param maxTries        endpoints tried for one request, each only until a connection is had
     * @param badFor          how long an endpoint that refused a connection is skipped
     * @param connectTimeout  a connect that takes longer counts as refused
     * @param idleKeepAlive   pooled connections to apps idle this long are closed by us first
     * @param clientIdle      a client connection that sent nothing this long and has no request in
     *                        flight is closed (a WebSocket tunnel is not: it belongs to the app)
     * @param pollWait        {@code waitSeconds} of each long-poll of the table
     * @param backoffMin      first wait after a failed fetch; doubles per failure
     * @param backoffMax      longest wait between fetches while the control plane fails
     * @param flushEvery      how often access-log lines are sent
     * @param logQueue        lines held while waiting to be sent; more are dropped and counted
     * @param batchMax        lines per POST (the control plane takes at most 1000)
     * @param maxHeld         requests held per app while it wakes from zero ({@code --max-held}); more are 503s
     * @param wakeWait        how long a held request waits for an instance ({@code --wake-timeout}); then a 503
     */
    public record Tuning(int maxTries, Duration badFor, Duration connectTimeout, Duration idleKeepAlive,
                        Duration clientIdle, Duration pollWait, Duration backoffMin, Duration backoffMax, Duration flushEvery,
                        int logQueue, int batchMax, int maxHeld, Duration wakeWait) {

        /** Most requests one app may have held ({@code --max-held}). */
        public static final int MAX_HELD = 100_000;
        /** Longest wait for a woken app ({@code --wake-timeout}): a client or load balancer gives up sooner. */
        public static final Duration MAX_WAKE_WAIT = Duration.ofMinutes(10);

        /** Without the scale-to-zero bounds: 100 held per app, 60 s. */
        public Tuning(int maxTries, Duration badFor, Duration connectTimeout, Duration idleKeepAlive, Duration clientIdle,
                      Duration pollWait, Duration backoffMin, Duration backoffMax, Duration flushEvery, int logQueue,
                      int batchMax) {
            this(maxTries, badFor, connectTimeout, idleKeepAlive, clientIdle, pollWait, backoffMin, backoffMax, flushEvery,
                    logQueue, batchMax, 100, Duration.ofSeconds(60));
        }

        /** The numbers: 3 tries, 30 s bad, about 1 s between log batches. */
        public static final Tuning DEFAULT = new Tuning(
                3,
                Duration.ofSeconds(30),
                // Instances are on the same network as the router; a healthy one accepts at once.
                Duration.ofSeconds(2),
                // Below the 5 s idle time-out of Node.js servers, so an app never closes a pooled
                // connection just as a request is written on it (that would be a 502, not a retry).
                Duration.ofSeconds(4),
                // nginx's keepalive_timeout: idle browsers and load balancers give up sooner.
                Duration.ofSeconds(75),
                Duration.ofSeconds(30),
                Duration.ofMillis(250),
                Duration.ofSeconds(10),
                Duration.ofSeconds(1),
                10_000,
                1000,
                // Knative's activator holds requests too; 100 per app keeps a burst on a cold app bounded.
                100,
                // A Java app booting under TCG takes about 10 s; a minute covers a slow node, not a broken app.
                Duration.ofSeconds(60));

        public Tuning {
            if (maxTries < 1 || logQueue < 1 || batchMax < 1 || batchMax > 1000) {
                throw new IllegalArgumentException("maxTries, logQueue >= 1 and 1 <= batchMax <= 1000");
            }
            if (clientIdle.isNegative() || clientIdle.isZero()) {
                throw new IllegalArgumentException("clientIdle must be positive");
            }
            if (pollWait.toSeconds() > 60) {
                throw new IllegalArgumentException("the control plane waits at most 60 s per long-poll");
            }
            if (maxHeld < 1 || maxHeld > MAX_HELD) {
                throw new IllegalArgumentException("--max-held must be 1 to " + MAX_HELD + ", got " + maxHeld);
            }
            if (wakeWait == null || wakeWait.toMillis() < 1 || wakeWait.compareTo(MAX_WAKE_WAIT) > 0) {
                throw new IllegalArgumentException("--wake-timeout must be 1ms to 10m, got " + wakeWait);
            }
        }

        /** With the scale-to-zero bounds: requests held per app and how long each may wait. */
        public Tuning withHolding(int held, Duration wait) {
            return new Tuning(maxTries, badFor, connectTimeout, idleKeepAlive, clientIdle, pollWait, backoffMin, backoffMax,
                    flushEvery, logQueue, batchMax, held, wait);
        }

        /**
         * {@code --wake-timeout}: {@code 60s}, {@code 2m}, {@code 500ms}.
         *
         * @throws IllegalArgumentException naming the flag and what to write
         */
        public static Duration wakeTimeout(String text) {
            var m = text == null ? null : java.util.regex.Pattern.compile("(\\d{1,7})(ms|s|m)").matcher(text.strip());
            if (m == null || !m.matches()) {
                throw new IllegalArgumentException("--wake-timeout must be a duration such as 60s, 2m or 500ms, got \""
                        + text + "\"");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMinutes(n);
            };
        }

        public Tuning withBackoff(Duration min, Duration max) {
            return new Tuning(maxTries, badFor, connectTimeout, idleKeepAlive, clientIdle, pollWait, min, max, flushEvery,
                    logQueue, batchMax, maxHeld, wakeWait);
        }

        public Tuning withFlushEvery(Duration every) {
            return new Tuning(maxTries, badFor, connectTimeout, idleKeepAlive, clientIdle, pollWait, backoffMin, backoffMax,
                    every, logQueue, batchMax, maxHeld, wakeWait);
        }

        public Tuning withLogQueue(int lines) {
            return new Tuning(maxTries, badFor, connectTimeout, idleKeepAlive, clientIdle, pollWait, backoffMin, backoffMax,
                    flushEvery, lines, batchMax, maxHeld, wakeWait);
        }

        public Tuning withClientIdle(Duration idle) {
            return new Tuning(maxTries, badFor, connectTimeout, idleKeepAlive, idle, pollWait, backoffMin, backoffMax,
                    flushEvery, logQueue, batchMax, maxHeld, wakeWait);
        }

        public Tuning withPollWait(Duration wait) {
            return new Tuning(maxTries, badFor, connectTimeout, idleKeepAlive, clientIdle, wait, backoffMin, backoffMax,
                    flushEvery, logQueue, batchMax, maxHeld, wakeWait);
        }
    }

    public RouterConfig {
        Objects.requireNonNull(controlPlane, "controlPlane");
        Objects.requireNonNull(routerKey, "routerKey");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(adminBind, "adminBind");
        Objects.requireNonNull(tuning, "tuning");
    }

    /**
     * Checks what a person typed and says what to fix.
     *
     * @throws IllegalArgumentException with a message naming the flag
     */
    public static RouterConfig validated(String controlPlane, String routerKey, String name, String bind, int port,
                                         String adminBind, int adminPort, int instances, Tuning tuning) {
        if (controlPlane == null || controlPlane.isBlank()) {
            throw new IllegalArgumentException("--control-plane is required (e.g. http://127.0.0.1:8900)");
        }
        URI uri;
        try {
            uri = URI.create(controlPlane.endsWith("/") ? controlPlane.substring(0, controlPlane.length() - 1)
                    : controlPlane);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--control-plane is not a URL: " + controlPlane);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("--control-plane must be http(s)://host[:port], got " + controlPlane);
        }
        if (routerKey == null || routerKey.isBlank()) {
            throw new IllegalArgumentException("--router-key (or PAAS_ROUTER_KEY) is required: the control plane's router key");
        }
        if (name == null || !name.matches("[\\x21-\\x7e]{1,120}")) {
            throw new IllegalArgumentException("--name must be 1 to 120 printable characters without spaces, got \""
                    + name + "\"");
        }
        checkAddress("--bind", bind);
        checkAddress("--admin-bind", adminBind);
        checkPort("--port", port);
        checkPort("--admin-port", adminPort);
        if (port != 0 && port == adminPort) {
            throw new IllegalArgumentException("--admin-port must differ from --port");
        }
        if (instances < 1 || instances > 256) {
            throw new IllegalArgumentException("--instances must be 1 to 256, got " + instances);
        }
        return new RouterConfig(uri, routerKey, name, bind, port, adminBind, adminPort, instances, tuning);
    }

    /** An IPv4 or IPv6 literal: a host name would make where the router listens depend on DNS. */
    private static void checkAddress(String flag, String address) {
        if (address == null || !(address.matches("\\d{1,3}(\\.\\d{1,3}){3}") || address.matches("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*"))) {
            throw new IllegalArgumentException(flag + " must be an IP address such as 127.0.0.1 or 0.0.0.0, got \""
                    + address + "\"");
        }
    }

    private static void checkPort(String flag, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(flag + " must be 0 to 65535, got " + port);
        }
    }

    /** A router for tests and embedding: loopback, free ports, one event loop per core. */
    public static RouterConfig local(String controlPlane, String routerKey, Tuning tuning) {
        return validated(controlPlane, routerKey, "router-test", "127.0.0.1", 0, "127.0.0.1", 0,
                Runtime.getRuntime().availableProcessors(), tuning);
    }

    @Override
    public String toString() {
        // The key stays out of logs and exception messages.
        return "RouterConfig[controlPlane=" + controlPlane + ", name=" + name + ", bind=" + bind + ", port=" + port
                + ", adminBind=" + adminBind + ", adminPort=" + adminPort + ", instances=" + instances + ", tuning=" + tuning + "]";
    }
}
