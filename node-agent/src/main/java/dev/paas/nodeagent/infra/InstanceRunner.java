package dev.paas.nodeagent.infra;

import dev.paas.kernel.api.InstanceEnv;
import dev.paas.model.DesiredInstance;
import dev.paas.nodeagent.core.LaunchEnv;
import dev.paas.model.InstanceState;
import dev.paas.nodeagent.api.ImageSource;
import dev.paas.nodeagent.api.LocalImage;
import dev.paas.nodeagent.api.VmDriver;
import dev.paas.nodeagent.api.VmHandle;
import dev.paas.nodeagent.api.SnapshotInfo;
import dev.paas.nodeagent.api.VmSpec;
import dev.paas.nodeagent.api.VmStartException;
import dev.paas.nodeagent.core.EgressPolicy;
import dev.paas.nodeagent.core.HealthMonitor;
import dev.paas.nodeagent.core.HealthPolicy;
import dev.paas.nodeagent.core.LogLine;
import dev.paas.nodeagent.core.PortAllocator;
import dev.paas.nodeagent.core.RingBuffer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Runs one instance's VM and its network: start (image, host port, QEMU, egress rules), egress
 * updates, stop with grace, the kill after a crash, and forgetting. Confined to the supervisor's
 * context like the {@link Instance}s it changes; driver and image calls run on worker threads and
 * post their results back.
 */
final class InstanceRunner {

    /** Grace for a VM whose instance crashed while its process lives on (failed health check). */
    static final Duration CRASH_KILL_GRACE = Duration.ofSeconds(1);
    /** How long the lines of a forgotten instance stay readable (its last words after a crash or stop). */
    static final Duration LOG_RETENTION = Duration.ofMinutes(10);

    private static final System.Logger LOG = System.getLogger("dev.paas.nodeagent.supervisor");

    private final Vertx vertx;
    private final VmDriver driver;
    private final ImageSource images;
    private final LogTailer tailer;
    private final PortAllocator ports;
    private final HealthPolicy policy;
    private final Clock clock;
    private final String hostAddress;
    private final Function<Long, Path> vmDirs;
    private final AgentMetrics metrics;
    private final InstanceLogs logs;
    private final Map<Long, Instance> instances;
    private final Map<Long, Future<Void>> forgetting = new HashMap<>();
    private final BiConsumer<Instance, String> console;
    private final Runnable publish;

    /**
     * {@code instances} is the supervisor's map (the runner adds and removes entries);
     * {@code console} gets each console line of a started instance (tailer's thread);
     * {@code publish} runs after every change worth reporting.
     */
    InstanceRunner(Vertx vertx, VmDriver driver, ImageSource images, LogTailer tailer, PortAllocator ports,
                   HealthPolicy policy, Clock clock, String hostAddress, Function<Long, Path> vmDirs,
                   AgentMetrics metrics, InstanceLogs logs, Map<Long, Instance> instances,
                   BiConsumer<Instance, String> console, Runnable publish) {
        this.vertx = vertx;
        this.driver = driver;
        this.images = images;
        this.tailer = tailer;
        this.ports = ports;
        this.policy = policy;
        this.clock = clock;
        this.hostAddress = hostAddress;
        this.vmDirs = vmDirs;
        this.metrics = metrics;
        this.logs = logs;
        this.instances = instances;
        this.console = console;
        this.publish = publish;
    }

    /** True while the previous incarnation's VM is still being forgotten (its files removed). */
    boolean forgetting(long instanceId) {
        return forgetting.containsKey(instanceId);
    }

    /** Boots a new incarnation of {@code d}; it is registered at once, busy until QEMU started or failed. */
    void start(DesiredInstance d) {
        Instant now = clock.instant();
        Instance i = new Instance(d.instanceId(), d.space() + "/" + d.app(), d.index(), d.memoryMb());
        i.desired = d;
        i.health = HealthMonitor.starting(i.check().type(), i.startupPolicy(policy), now);
        i.busy = true;
        i.bootStartedAt = now;
        instances.put(i.id, i);
        RingBuffer<LogLine> buffer = logs.buffer(i.id);
        cell(i, "starting instance " + i.id + " of " + i.app + " (index " + i.index + ", image "
                + d.imageDigest() + ")");
        EgressPolicy egress;
        try {
            egress = EgressPolicy.parse(d.egress(), d.serviceEgress());
        } catch (IllegalArgumentException e) {
            // Never passed through: a rule the agent cannot read strictly refuses the instance.
            startFailed(i, "invalid egress rule: " + e.getMessage());
            return;
        }
        i.appliedEgress = d.egress();
        i.appliedServiceEgress = d.serviceEgress();
        OptionalInt port = ports.allocate(p -> HostPorts.bindable(hostAddress, p));
        if (port.isEmpty()) {
            startFailed(i, "no free host port in the configured range");
            return;
        }
        i.port = port.getAsInt();
        i.endpoint = hostAddress + ":" + i.port;
        InstanceEnv env;
        try {
            env = instanceEnv(d, hostAddress, i.port);
        } catch (IllegalArgumentException e) {
            startFailed(i, "invalid env: " + e.getMessage());  // names the variable, never a value
            return;
        }
        Future<Void> previous = forgetting.getOrDefault(i.id, Future.succeededFuture());
        previous.transform(ar -> Future.<Void>succeededFuture())
                .compose(v -> vertx.<VmHandle>executeBlocking(() -> {
                    LocalImage image = images.obtain(d.imageDigest());
                    VmSpec spec = new VmSpec(d.instanceId(), i.app, d.index(), image, d.memoryMb(), hostAddress, i.port,
                            egress, d.diskMb(), env);
                    VmHandle h = bootOrRestore(i, d, spec);
                    Readoption.writeDesired(vmDirs.apply(i.id), d);
                    return h;
                }, false))
                .onComplete(ar -> {
                    i.busy = false;
                    if (ar.failed()) {
                        startFailed(i, ar.cause().getMessage());
                        return;
                    }
                    i.handle = ar.result();
                    tailer.follow(i.id, i.index, vmDirs.apply(i.id), buffer, line -> console.accept(i, line));
                    metrics.boots("started");
                    LOG.log(System.Logger.Level.INFO, "instance.started instance=" + i.id + " app=" + i.app
                            + " pid=" + i.handle.pid() + " endpoint=" + i.endpoint);
                    publish.run();
                });
    }

    /**
     * From this node's snapshot of the same key when there is one and the app allows clones (a
     * failed restore drops the snapshot and boots cold, saying why), else a cold boot. Worker thread.
     */
    private VmHandle bootOrRestore(Instance i, DesiredInstance d, VmSpec spec) throws VmStartException {
        Optional<String> snapshot = d.clonesOff() ? Optional.empty() : driver.storedSnapshot(spec);
        if (snapshot.isPresent()) {
            long t0 = System.nanoTime();
            try {
                VmHandle h = driver.restore(spec, snapshot.get());
                long ms = (System.nanoTime() - t0) / 1_000_000;
                cell(i, "restored from snapshot " + snapshot.get() + " in " + ms + " ms");
                LOG.log(System.Logger.Level.INFO, "instance.restored instance=" + i.id + " key=" + snapshot.get()
                        + " ms=" + ms);
                return h;
            } catch (VmStartException e) {
                driver.dropSnapshot(snapshot.get());
                cell(i, "restore from snapshot " + snapshot.get() + " failed, booting cold (snapshot dropped): "
                        + e.getMessage());
                LOG.log(System.Logger.Level.WARNING, "instance.restore-failed instance=" + i.id + " key="
                        + snapshot.get() + " reason=\"" + e.getMessage() + "\"");
            }
        }
        return driver.start(spec);
    }

    /**
     * Once an instance is healthy: unless the app turned clones off, warm it (one request to
     * {@code /} through its endpoint, for an http or port check) and snapshot it, once per key
     * on this node. The instance is busy meanwhile (no check, no stop: a second or so).
     */
    void snapshotWhenWarm(Instance i) {
        if (i.handle == null || i.busy || i.desired == null || i.desired.clonesOff() || i.bootStartedAt == null) {
            return;
        }
        VmHandle h = i.handle;
        boolean warm = i.check().type() != dev.paas.model.HealthCheckType.PROCESS;
        String endpoint = i.endpoint;
        long revision = i.desired.revisionId();
        i.busy = true;
        vertx.<Optional<SnapshotInfo>>executeBlocking(() -> {
            if (!driver.snapshotWanted(h)) {
                return Optional.empty();
            }
            if (warm) {
                Warmup.request(endpoint);
            }
            // The revision goes with it: heartbeats report it, and the control plane places
            // that revision's instances here, where they can start as clones.
            SnapshotInfo info = driver.snapshot(h, revision);
            driver.snapshotHousekeeping();
            return Optional.of(info);
        }, false).onComplete(ar -> {
            i.busy = false;
            if (ar.failed()) {
                cell(i, "no snapshot taken: " + ar.cause().getMessage());
                LOG.log(System.Logger.Level.WARNING, "instance.snapshot-failed instance=" + i.id + " reason=\""
                        + ar.cause().getMessage() + "\"");
            } else {
                ar.result().ifPresent(info -> cell(i, "snapshot " + info.id() + " taken: memory "
                        + info.memoryBytes() / (1024 * 1024) + " MiB, disk " + info.diskBytes() / (1024 * 1024)
                        + " MiB, guest paused " + info.pausedMs() + " ms, " + info.tookMs() + " ms in all"));
            }
            publish.run();
        });
    }

    /**
     * A running instance whose desired egress differs from what its rules say gets new rules
     * (atomically, on a worker thread). Adopted instances start with nothing known, so the first
     * desired list after an agent restart writes their rules again. A rule the agent cannot parse
     * is logged and the old rules stay.
     */
    void updateEgress(List<DesiredInstance> desired) {
        for (DesiredInstance d : desired) {
            Instance i = instances.get(d.instanceId());
            if (i == null || i.handle == null || i.busy || i.egressUpdating || i.handle.adoptedDead()
                    || java.util.Objects.equals(d.egress(), i.appliedEgress)
                    && java.util.Objects.equals(d.serviceEgress(), i.appliedServiceEgress)
                    || i.health.state() == InstanceState.CRASHED || i.health.state() == InstanceState.STOPPED) {
                continue;
            }
            EgressPolicy policy;
            try {
                policy = EgressPolicy.parse(d.egress(), d.serviceEgress());
            } catch (IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, "instance.egress-refused instance=" + i.id + " reason=\""
                        + e.getMessage() + "\"");
                cell(i, "egress rules refused, the previous ones stay: " + e.getMessage());
                i.appliedEgress = d.egress();  // said once, not every round
                i.appliedServiceEgress = d.serviceEgress();
                continue;
            }
            i.egressUpdating = true;
            VmHandle h = i.handle;
            vertx.executeBlocking(() -> {
                driver.updateEgress(h, policy);
                Readoption.writeDesired(vmDirs.apply(i.id), d);
                return null;
            }, false).onComplete(ar -> {
                i.egressUpdating = false;
                if (ar.failed()) {
                    LOG.log(System.Logger.Level.WARNING, "instance.egress-update-failed instance=" + i.id
                            + " error=\"" + ar.cause().getMessage() + "\"");
                    return;  // tried again with the next desired list
                }
                i.appliedEgress = d.egress();
                i.appliedServiceEgress = d.serviceEgress();
                i.desired = d;
                LOG.log(System.Logger.Level.INFO, "instance.egress-updated instance=" + i.id + " rules="
                        + policy.rules().size() + " services=" + policy.services());
            });
        }
    }

    /** What the guest receives: the control plane's env plus where this node reaches the instance. */
    static InstanceEnv instanceEnv(DesiredInstance d, String hostAddress, int hostPort) {
        return new InstanceEnv(LaunchEnv.withEndpoint(d.env(), hostAddress, hostPort));
    }

    private void startFailed(Instance i, String reason) {
        i.busy = false;
        if (i.port > 0) {
            ports.release(i.port);
            i.port = -1;
        }
        i.health.startFailed(reason, clock.instant());
        metrics.boots("failed");
        cell(i, "start failed: " + reason);
        LOG.log(System.Logger.Level.WARNING, "instance.start-failed instance=" + i.id + " app=" + i.app
                + " reason=\"" + reason + "\"");
        publish.run();
    }

    void refuse(DesiredInstance d, String reason) {
        Instance i = new Instance(d.instanceId(), d.space() + "/" + d.app(), d.index(), d.memoryMb());
        i.desired = d;
        i.health = HealthMonitor.crashed(reason, clock.instant());
        instances.put(i.id, i);
        cell(i, "refused: " + reason);
        LOG.log(System.Logger.Level.WARNING, "instance.refused instance=" + i.id + " reason=\"" + reason + "\"");
    }

    void stop(Instance i, Duration grace, String reason) {
        if (i == null || i.handle == null) {
            return;
        }
        i.health.stopRequested(clock.instant());
        i.busy = true;
        cell(i, "stopping (" + reason + "), grace " + grace.toSeconds() + " s");
        LOG.log(System.Logger.Level.INFO, "instance.stopping instance=" + i.id + " reason=\"" + reason + "\"");
        VmHandle h = i.handle;
        vertx.executeBlocking(() -> driver.stop(h, grace), false).onComplete(ar -> {
            i.busy = false;
            String why = ar.succeeded() ? ar.result().exitReason().orElse("stopped") : ar.cause().getMessage();
            i.health.exited(why, clock.instant());
            ended(i, why);
        });
    }

    /** Drops the instance; its lines stay readable for a while unless it is {@code stillWanted} (a restart). */
    void forget(Instance i, boolean stillWanted) {
        if (i == null) {
            return;
        }
        instances.remove(i.id);
        release(i);
        if (!stillWanted) {
            RingBuffer<LogLine> buffer = logs.buffer(i.id);
            vertx.setTimer(LOG_RETENTION.toMillis(), t -> {
                if (!instances.containsKey(i.id)) {
                    logs.drop(i.id, buffer);
                }
            });
        }
        if (i.handle != null) {
            VmHandle h = i.handle;
            Future<Void> f = vertx.executeBlocking(() -> {
                driver.forget(h);
                return null;
            }, false);
            forgetting.put(i.id, f);
            f.onComplete(ar -> {
                if (forgetting.get(i.id) == f) {
                    forgetting.remove(i.id);
                }
            });
        }
        LOG.log(System.Logger.Level.INFO, "instance.forgotten instance=" + i.id + " state=" + i.health.state());
    }

    /** Health declared a crash while QEMU may still run: end the VM, keep the CRASHED state. */
    void crashed(Instance i) {
        metrics.crash();
        String why = i.health.reason().orElse("crashed");
        cell(i, "crashed: " + why);
        LOG.log(System.Logger.Level.WARNING, "instance.crashed instance=" + i.id + " reason=\"" + why + "\"");
        if (i.handle == null) {
            return;
        }
        i.busy = true;
        VmHandle h = i.handle;
        vertx.executeBlocking(() -> driver.stop(h, CRASH_KILL_GRACE), false).onComplete(ar -> {
            i.busy = false;
            release(i);
            publish.run();
        });
    }

    private void release(Instance i) {
        if (i.port > 0) {
            ports.release(i.port);
            i.port = -1;
        }
        tailer.unfollow(i.id);
    }

    /** The VM is gone ({@code why}) and its health says how it ended: free what it held and tell. */
    void ended(Instance i, String why) {
        release(i);
        if (i.health.state() == InstanceState.CRASHED) {
            cell(i, "crashed: " + why);
            LOG.log(System.Logger.Level.WARNING, "instance.crashed instance=" + i.id + " reason=\"" + why + "\"");
        } else {
            cell(i, "stopped: " + why);
            LOG.log(System.Logger.Level.INFO, "instance.stopped instance=" + i.id + " reason=\"" + why + "\"");
        }
        publish.run();
    }

    private void cell(Instance i, String text) {
        logs.note(i.id, i.index, text);
    }
}
