package dev.paas.nodeagent.infra;

import dev.paas.model.DesiredInstances;
import dev.paas.model.HeartbeatResponse;
import dev.paas.model.NodeHeartbeat;
import dev.paas.model.NodeJoinRequest;
import dev.paas.model.NodeJoinResponse;
import dev.paas.model.SnapshotReport;
import dev.paas.nodeagent.api.Fingerprint;
import dev.paas.nodeagent.core.PortAllocator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The node agent process: wires the driver, image cache, supervisor and HTTP server, joins the
 * pool, and runs two loops on the event loop: heartbeats every few seconds (and within ~100 ms of
 * an instance changing state, health or endpoint) and the desired-state
 * long-poll. Both catch their errors, log a stable event and try again next round.
 *
 * <pre>
 *   start(): state dir ─ fingerprint (KVM probe) ─ recover VMs ─ HTTP server ─ join (or stored credential)
 *   loops:   heartbeat ──PUT /v1/agent/heartbeat──> ack ended instances ─┐
 *            watch ──────GET /v1/agent/desired (long-poll)──> supervisor ─┤
 *            supervisor tick: health ─ inspect ─ Reconciler.plan ─ start/stop/forget
 * </pre>
 *
 * {@link #close()} stops the agent, not its VMs: they keep running and the next agent re-adopts them.
 */
public final class Agent implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.paas.nodeagent");
    public static final String VERSION = "0.1.0";
    /** Default when the join answer gives none; the control plane's DOWN threshold is several times this. */
    static final int DEFAULT_HEARTBEAT_SECONDS = 5;
    /** Long-poll wait: short enough that proxies keep the connection, long enough to stay quiet. */
    static final int WATCH_WAIT_SECONDS = 30;
    static final long RETRY_MS = 2000;
    /** Least time between two heartbeats sent because something changed: a burst becomes one. */
    static final long CHANGE_GAP_MS = 100;

    private final AgentConfig config;
    private final Clock clock;
    private Vertx vertx;
    private StateDir state;
    private PrometheusMeterRegistry registry;
    private QemuDriver driver;
    private ImageCache images;
    private LogTailer tailer;
    private dev.paas.logdrain.api.LogDrains logDrains;
    private NodeDrains drains;
    private Supervisor supervisor;
    private ControlPlaneClient client;
    private AgentServer server;
    private Fingerprint fingerprint;
    private volatile String credential;
    private volatile NodeIdentity identity;
    private volatile boolean closed;
    // The heartbeat loop's state, on its own context.
    private Context heartbeatContext;
    private long heartbeatTimer = -1;
    private boolean heartbeatInFlight;
    private boolean heartbeatAgain;
    // 0: "no version yet"; the control plane answers at once (its versions start at 1).
    private long watchVersion = 0;
    private boolean rejoining;

    public Agent(AgentConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /**
     * Starts everything and returns once the agent has joined and serves.
     *
     * @throws JoinRejectedException when the join token is refused (nothing runs then)
     */
    public void start() throws JoinRejectedException, IOException {
        vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(16));
        state = new StateDir(config.stateDir());
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AgentMetrics metrics = new AgentMetrics(registry);
        driver = new QemuDriver(config.qemu(), state, state.images(), config.accelerator(), config.memoryLimitMb(), clock,
                network());
        driver.snapshotBudget(config.snapshotBudgetBytes());
        fingerprint = driver.fingerprint();
        LOG.log(System.Logger.Level.INFO, "agent.fingerprint accelerator=" + fingerprint.accelerator()
                + " vcpus=" + fingerprint.vcpus() + " memory_mb=" + fingerprint.memoryMb()
                + " reason=\"" + fingerprint.acceleratorReason() + "\"");
        client = new ControlPlaneClient(vertx, config.controlPlane());
        images = new ImageCache(state.images(), config.imageCacheBytes(),
                new HttpImageFetcher(client.base(), () -> credential), clock, registry);
        tailer = new LogTailer(clock);
        // Shipped from this host by the agent, never through a guest's network.
        // PAAS_LOG_DRAINS_ALLOW_LOOPBACK=true: drains on this host's loopback (one-host setups).
        logDrains = new dev.paas.logdrain.api.LogDrains(config.nodeName(), dev.paas.logdrain.api.LogDrains.Settings.DEFAULTS
                .withLoopback(Boolean.parseBoolean(System.getenv("PAAS_LOG_DRAINS_ALLOW_LOOPBACK"))));
        drains = new NodeDrains(logDrains::ship, logDrains::retain);
        metrics.drains(logDrains);
        tailer.onAppLine(drains::accept);
        supervisor = new Supervisor(vertx, driver, images, tailer, new PortAllocator(config.portFirst(), config.portLast()),
                config.health(), clock, config.address(), config.memoryLimitMb(), state::vmDir, metrics);
        supervisor.start();
        try {
            // Listen first (everything answers 401 until a credential exists), so the join can name the real port.
            server = new AgentServer(vertx, supervisor, () -> credential, registry);
            Futures.await(server.listen(config.agentBind(), config.agentPort()));
            join();
        } catch (JoinRejectedException | IOException | RuntimeException e) {
            close();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "agent.started node=" + identity.name() + " agent_port=" + server.port());
        vertx.runOnContext(v -> {
            heartbeatContext = vertx.getOrCreateContext();
            // A state change (RUNNING, CRASHED, ...) reaches the control plane in ~100 ms, not at
            // the next heartbeat: routing a new instance and replacing a crashed one wait on it.
            supervisor.onReportsChanged(() -> heartbeatContext.runOnContext(x -> heartbeatSoon()));
            heartbeatLoop();
            watchLoop();
        });
    }

    /** The guests' network: per-instance namespaces (default) or restricted user networking. */
    private GuestNetwork network() throws IOException {
        if (config.network() == AgentConfig.NetworkMode.USER) {
            LOG.log(System.Logger.Level.WARNING, "agent.network-user guests reach nothing; security groups do not apply");
            return new UserNetwork();
        }
        NetnsNetwork.Settings s = NetworkFacts.settings(config, state.root());
        NetnsNetwork n = new NetnsNetwork(s);
        n.prepareHost();
        LOG.log(System.Logger.Level.INFO, "agent.network-netns tag=" + s.tag() + " vm_network=" + s.transfer()
                + " vhost=" + n.vhost() + " dns=" + s.dns().orElse("none") + " denied=" + s.denied());
        return n;
    }

    public int agentPort() { return server.port(); }
    public String credential() { return credential; }
    public Fingerprint fingerprint() { return fingerprint; }
    public Supervisor supervisor() { return supervisor; }
    public PrometheusMeterRegistry registry() { return registry; }
    public Optional<NodeIdentity> identity() { return Optional.ofNullable(identity); }

    /** Stops the agent's loops and server; VMs keep running. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (supervisor != null) {
            supervisor.stop();
        }
        if (tailer != null) {
            tailer.close();
        }
        if (logDrains != null) {
            logDrains.close();
        }
        if (vertx != null) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "agent.close-failed error=" + e);
            }
        }
    }

    // ---- joining ----------------------------------------------------------------------------

    private void join() throws JoinRejectedException, IOException {
        Optional<String> stored = state.credential();
        if (stored.isPresent() && Files.exists(state.nodeFile())) {
            credential = stored.get();
            identity = Json.MAPPER.readValue(state.nodeFile().toFile(), NodeIdentity.class);
            LOG.log(System.Logger.Level.INFO, "agent.credential-loaded node=" + identity.name());
            return;
        }
        if (config.joinToken() == null || config.joinToken().isBlank()) {
            throw new JoinRejectedException("no stored credential in " + state.root() + " and no --join-token");
        }
        NodeJoinRequest request = new NodeJoinRequest(config.nodeName(), config.address(), server.port(),
                fingerprint.memoryMb(), fingerprint.vcpus(), fingerprint.accelerator(), VERSION);
        while (!closed) {
            try {
                NodeJoinResponse r = Futures.await(client.join(config.joinToken(), request));
                state.storeCredential(r.credential());
                NodeIdentity id = new NodeIdentity(r.nodeId(), r.name(), r.pool(), r.heartbeatIntervalSeconds());
                StateDir.writeAtomically(state.nodeFile(), Json.MAPPER.writeValueAsBytes(id));
                credential = r.credential();
                identity = id;
                LOG.log(System.Logger.Level.INFO, "agent.joined node=" + r.name() + " id=" + r.nodeId() + " pool=" + r.pool());
                return;
            } catch (ControlPlaneException e) {
                if (e.status() == 401 || e.status() == 403) {
                    LOG.log(System.Logger.Level.ERROR, "agent.join-rejected status=" + e.status());
                    throw new JoinRejectedException("the control plane refused the join token (" + e.status()
                            + "): create a new one for the pool and pass it with --join-token");
                }
                LOG.log(System.Logger.Level.WARNING, "agent.join-failed error=\"" + e.getMessage() + "\"");
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "agent.join-failed error=\"" + e.getMessage() + "\"");
            }
            try {
                Thread.sleep(RETRY_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while joining", e);
            }
        }
    }

    /** The control plane no longer knows our credential: join again with the token, if we have one. */
    private void rejoin() {
        if (rejoining) {
            return;
        }
        rejoining = true;
        vertx.<Void>executeBlocking(() -> {
            state.deleteCredential();
            join();
            return null;
        }, true).onComplete(ar -> {
            rejoining = false;
            if (ar.failed()) {
                LOG.log(System.Logger.Level.ERROR, "agent.rejoin-failed error=\"" + ar.cause().getMessage() + "\"");
            }
        });
    }

    // ---- loops ------------------------------------------------------------------------------

    /** Sends a heartbeat now, or right after the one in flight. On the heartbeat context. */
    private void heartbeatSoon() {
        if (closed) {
            return;
        }
        if (heartbeatInFlight) {
            heartbeatAgain = true;
        } else {
            heartbeatLoop();
        }
    }

    private void heartbeatLoop() {
        if (closed) {
            return;
        }
        if (heartbeatTimer >= 0) {
            vertx.cancelTimer(heartbeatTimer);
            heartbeatTimer = -1;
        }
        heartbeatInFlight = true;
        Snapshot s = supervisor.snapshot();
        NodeHeartbeat hb = new NodeHeartbeat(fingerprint.memoryMb(), fingerprint.vcpus(), fingerprint.accelerator(),
                s.allocatedMb(), s.reports(), driver.snapshotReports());
        Future<HeartbeatResponse> sent;
        try {
            sent = client.heartbeat(credential, hb);
        } catch (RuntimeException e) {
            sent = Future.failedFuture(e);
        }
        sent.onComplete(ar -> {
            heartbeatInFlight = false;
            if (ar.succeeded()) {
                HeartbeatResponse r = ar.result();
                supervisor.acknowledge(s.terminalIncarnations(), r.desiredVersion());
                dropUnneededSnapshots(hb.snapshots(), r.unneededSnapshots());
            } else if (ar.cause() instanceof ControlPlaneException e && e.status() == 401) {
                LOG.log(System.Logger.Level.ERROR, "agent.credential-rejected status=401");
                rejoin();
            } else {
                LOG.log(System.Logger.Level.WARNING, "agent.heartbeat-failed error=\"" + ar.cause().getMessage() + "\"");
            }
            if (!closed) {
                long next = heartbeatAgain ? CHANGE_GAP_MS : heartbeatMillis();
                heartbeatAgain = false;
                heartbeatTimer = vertx.setTimer(next, t -> {
                    heartbeatTimer = -1;
                    heartbeatLoop();
                });
            }
        });
    }

    /**
     * Deletes the snapshots the control plane says no app needs (issue 18), off the event loop;
     * only when one of them was in this heartbeat's report (one a live VM pins stays reported,
     * and is tried again at the next heartbeat).
     */
    private void dropUnneededSnapshots(List<SnapshotReport> reported, List<Long> unneeded) {
        Set<Long> drop = reported == null ? Set.of() : reported.stream().map(SnapshotReport::revisionId)
                .filter(unneeded::contains).collect(Collectors.toSet());
        if (drop.isEmpty()) {
            return;
        }
        vertx.<Void>executeBlocking(() -> {
            driver.dropSnapshotsOf(drop);
            return null;
        }, false).onFailure(e -> LOG.log(System.Logger.Level.WARNING, "snapshot.drop-failed revisions=" + drop
                + " error=\"" + e.getMessage() + "\""));
    }

    private void watchLoop() {
        if (closed) {
            return;
        }
        Future<DesiredInstances> answer;
        try {
            answer = client.desired(credential, watchVersion, WATCH_WAIT_SECONDS);
        } catch (RuntimeException e) {
            answer = Future.failedFuture(e);
        }
        answer.onComplete(ar -> {
            if (closed) {
                return;
            }
            if (ar.succeeded()) {
                DesiredInstances d = ar.result();
                if (d.version() != watchVersion) {
                    LOG.log(System.Logger.Level.INFO, "agent.desired version=" + d.version() + " instances="
                            + (d.instances() == null ? 0 : d.instances().size()));
                }
                watchVersion = d.version();
                supervisor.desired(d);
                drains.update(d.instances());
                watchLoop();
            } else {
                LOG.log(System.Logger.Level.WARNING, "agent.desired-failed error=\"" + ar.cause().getMessage() + "\"");
                vertx.setTimer(RETRY_MS, t -> watchLoop());
            }
        });
    }

    private long heartbeatMillis() {
        int s = identity == null || identity.heartbeatIntervalSeconds() <= 0
                ? DEFAULT_HEARTBEAT_SECONDS : identity.heartbeatIntervalSeconds();
        return s * 1000L;
    }
}
