package dev.paas.nodeagent.infra;

import dev.paas.model.DesiredInstance;
import dev.paas.model.DesiredInstances;
import dev.paas.model.HealthCheckType;
import dev.paas.model.InstanceState;
import dev.paas.nodeagent.api.ImageSource;
import dev.paas.nodeagent.api.LocalImage;
import dev.paas.nodeagent.api.VmDriver;
import dev.paas.nodeagent.api.VmHandle;
import dev.paas.nodeagent.api.VmSpec;
import dev.paas.nodeagent.api.VmStatus;
import dev.paas.nodeagent.core.EgressPolicy;
import dev.paas.nodeagent.core.GuestApp;
import dev.paas.nodeagent.core.HealthMonitor;
import dev.paas.nodeagent.core.HealthPolicy;
import dev.paas.nodeagent.core.LogLine;
import dev.paas.nodeagent.core.PortAllocator;
import dev.paas.nodeagent.core.Reconciler;
import dev.paas.nodeagent.core.RingBuffer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Applies {@link Reconciler} plans and {@link HealthMonitor} transitions to real VMs. All state
 * lives on one Vert.x context (no locks); driver and image calls run on worker threads and post
 * their results back. Other threads read only the published snapshot and the ring buffers.
 *
 * <p>Every {@value #TICK_MS} ms: start-up deadlines, due health checks, a process inspection
 * (every second), and a reconcile against the last desired list. Nothing is reconciled before the
 * first desired list arrives, so re-adopted VMs are not stopped by an empty plan.
 */
public final class Supervisor {

    static final long TICK_MS = 500;
    static final long INSPECT_MS = 1000;
    /** How long the lines of a forgotten instance stay readable (its last words after a crash or stop). */
    static final Duration LOG_RETENTION = Duration.ofMinutes(10);
    /** Grace for a VM whose instance crashed while its process lives on (failed health check). */
    static final Duration CRASH_KILL_GRACE = Duration.ofSeconds(1);

    private static final System.Logger LOG = System.getLogger("dev.paas.nodeagent.supervisor");

    private final Vertx vertx;
    private final Context ctx;
    private final VmDriver driver;
    private final ImageSource images;
    private final LogTailer tailer;
    private final PortAllocator ports;
    private final HealthPolicy policy;
    private final HealthProber prober;
    private final Clock clock;
    private final String hostAddress;
    private final int memoryLimitMb;
    private final Function<Long, Path> vmDirs;
    private final AgentMetrics metrics;

    private final Map<Long, Instance> instances = new HashMap<>();
    private final Map<Long, Future<Void>> forgetting = new HashMap<>();
    private final InstanceLogs logs;
    private final Readoption readoption;
    private List<DesiredInstance> desired;
    private volatile long desiredVersion = -1;
    private long lastInspect = Long.MIN_VALUE / 2;
    private boolean inspecting;
    private long timer = -1;
    private volatile Snapshot snapshot = Snapshot.EMPTY;
    private volatile Runnable onReportsChanged = () -> { };

    public Supervisor(Vertx vertx, VmDriver driver, ImageSource images, LogTailer tailer, PortAllocator ports,
                      HealthPolicy policy, Clock clock, String hostAddress, int memoryLimitMb,
                      Function<Long, Path> vmDirs, AgentMetrics metrics) {
        this.vertx = vertx;
        this.ctx = vertx.getOrCreateContext();
        this.driver = driver;
        this.images = images;
        this.tailer = tailer;
        this.ports = ports;
        this.policy = policy;
        this.prober = new HealthProber(vertx, policy.probeTimeout());
        this.clock = clock;
        this.hostAddress = hostAddress;
        this.memoryLimitMb = memoryLimitMb;
        this.vmDirs = vmDirs;
        this.metrics = metrics;
        this.logs = new InstanceLogs(clock);
        this.readoption = new Readoption(driver, tailer, ports, policy, vmDirs, logs, this::noteConsole);
    }

    /** Re-adopts what a previous agent left (blocking until done), then starts ticking. */
    public void start() {
        List<VmHandle> found = driver.recover();
        Promise<Void> adopted = Promise.promise();
        ctx.runOnContext(v -> {
            Instant now = clock.instant();
            for (VmHandle h : found) {
                Instance i = readoption.adopt(h, now);
                instances.put(i.id, i);
            }
            publish();
            adopted.complete();
        });
        Futures.await(adopted.future());
        try {
            // Re-read the adopted VMs' files before the first check: the port check needs the
            // init's "app pid=" and "app listening" console lines, which are in the file, not
            // yet in memory.
            tailer.flush();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "supervisor.log-refill-failed error=" + e);
        }
        Promise<Void> ticking = Promise.promise();
        ctx.runOnContext(v -> {
            timer = vertx.setPeriodic(TICK_MS, t -> tick());
            ticking.complete();
        });
        Futures.await(ticking.future());
    }

    public void stop() {
        Promise<Void> done = Promise.promise();
        ctx.runOnContext(v -> {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            prober.close();
            done.complete();
        });
        Futures.await(done.future());
    }

    /** A new desired list (any thread). */
    public void desired(DesiredInstances d) {
        ctx.runOnContext(v -> {
            desired = d.instances() == null ? List.of() : d.instances();
            desiredVersion = d.version();
            updateEgress();
            tick();
        });
    }

    public long desiredVersion() {
        return desiredVersion;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /** The ring buffer of an instance's lines (any thread). */
    public Optional<RingBuffer<LogLine>> logs(long instanceId) {
        return logs.find(instanceId);
    }

    /** A heartbeat that carried these ended incarnations was answered with {@code version}. */
    public void acknowledge(Map<Long, Long> terminalIncarnations, long version) {
        ctx.runOnContext(v -> {
            terminalIncarnations.forEach((id, incarnation) -> {
                Instance i = instances.get(id);
                if (i != null && i.incarnation == incarnation && i.reportedAtVersion.isEmpty()) {
                    i.reportedAtVersion = java.util.OptionalLong.of(version);
                }
            });
            tick();
        });
    }

    // ---- the loop --------------------------------------------------------------------------

    private void tick() {
        try {
            Instant now = clock.instant();
            for (Instance i : List.copyOf(instances.values())) {
                if (i.busy || i.handle == null) {
                    continue;
                }
                if (i.health.tick(now)) {
                    onCrash(i);
                } else if (i.health.checkDue(now) && !i.probing) {
                    probe(i);
                }
            }
            if (!inspecting && clock.millis() - lastInspect >= INSPECT_MS) {
                inspect();
            }
            if (desired != null) {
                apply(Reconciler.plan(desiredVersion, desired, locals(), memoryLimitMb));
            }
            publish();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "supervisor.tick-failed error=" + e, e);
        }
    }

    private List<Reconciler.Local> locals() {
        List<Reconciler.Local> out = new ArrayList<>();
        for (Instance i : instances.values()) {
            out.add(new Reconciler.Local(i.id, i.health.state(), i.busy || forgetting.containsKey(i.id), i.memoryMb,
                    i.graceSeconds(), i.reportedAtVersion));
        }
        return out;
    }

    private void apply(List<Reconciler.Action> actions) {
        for (Reconciler.Action a : actions) {
            if (a instanceof Reconciler.Start s) {
                start(s.desired());
            } else if (a instanceof Reconciler.Stop s) {
                stop(instances.get(s.instanceId()), Duration.ofSeconds(s.graceSeconds()), s.reason());
            } else if (a instanceof Reconciler.Forget f) {
                forget(instances.get(f.instanceId()));
            } else if (a instanceof Reconciler.Refuse r) {
                refuse(r.desired(), r.reason());
            }
        }
    }

    // ---- actions ---------------------------------------------------------------------------

    private void start(DesiredInstance d) {
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
            egress = EgressPolicy.parse(d.egress());
        } catch (IllegalArgumentException e) {
            // Never passed through: a rule the agent cannot read strictly refuses the instance.
            startFailed(i, "invalid egress rule: " + e.getMessage());
            return;
        }
        i.appliedEgress = d.egress();
        OptionalInt port = ports.allocate(p -> HostPorts.bindable(hostAddress, p));
        if (port.isEmpty()) {
            startFailed(i, "no free host port in the configured range");
            return;
        }
        i.port = port.getAsInt();
        i.endpoint = hostAddress + ":" + i.port;
        Future<Void> previous = forgetting.getOrDefault(i.id, Future.succeededFuture());
        previous.transform(ar -> Future.<Void>succeededFuture())
                .compose(v -> vertx.<VmHandle>executeBlocking(() -> {
                    LocalImage image = images.obtain(d.imageDigest());
                    VmSpec spec = new VmSpec(d.instanceId(), i.app, d.index(), image, d.memoryMb(), hostAddress, i.port,
                            egress);
                    VmHandle h = driver.start(spec);
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
                    tailer.follow(i.id, i.index, vmDirs.apply(i.id), buffer, line -> noteConsole(i, line));
                    metrics.boots("started");
                    LOG.log(System.Logger.Level.INFO, "instance.started instance=" + i.id + " app=" + i.app
                            + " pid=" + i.handle.pid() + " endpoint=" + i.endpoint);
                    publish();
                });
    }

    /**
     * A running instance whose desired egress differs from what its rules say gets new rules
     * (atomically, on a worker thread). Adopted instances start with nothing known, so the first
     * desired list after an agent restart writes their rules again. A rule the agent cannot parse
     * is logged and the old rules stay.
     */
    private void updateEgress() {
        for (DesiredInstance d : desired) {
            Instance i = instances.get(d.instanceId());
            if (i == null || i.handle == null || i.busy || i.egressUpdating || i.handle.adoptedDead()
                    || java.util.Objects.equals(d.egress(), i.appliedEgress)
                    || i.health.state() == InstanceState.CRASHED || i.health.state() == InstanceState.STOPPED) {
                continue;
            }
            EgressPolicy policy;
            try {
                policy = EgressPolicy.parse(d.egress());
            } catch (IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, "instance.egress-refused instance=" + i.id + " reason=\""
                        + e.getMessage() + "\"");
                cell(i, "egress rules refused, the previous ones stay: " + e.getMessage());
                i.appliedEgress = d.egress();  // said once, not every round
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
                i.desired = d;
                LOG.log(System.Logger.Level.INFO, "instance.egress-updated instance=" + i.id + " rules="
                        + policy.rules().size());
            });
        }
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
        publish();
    }

    private void refuse(DesiredInstance d, String reason) {
        Instance i = new Instance(d.instanceId(), d.space() + "/" + d.app(), d.index(), d.memoryMb());
        i.desired = d;
        i.health = HealthMonitor.crashed(reason, clock.instant());
        instances.put(i.id, i);
        cell(i, "refused: " + reason);
        LOG.log(System.Logger.Level.WARNING, "instance.refused instance=" + i.id + " reason=\"" + reason + "\"");
    }

    private void stop(Instance i, Duration grace, String reason) {
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

    private void forget(Instance i) {
        if (i == null) {
            return;
        }
        instances.remove(i.id);
        release(i);
        boolean stillWanted = desired != null && desired.stream().anyMatch(d -> d.instanceId() == i.id);
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

    // ---- observation -----------------------------------------------------------------------

    private void probe(Instance i) {
        GuestApp guest = i.guest;
        GuestApp.PortCheck how = guest.portCheck(i.health.state() == InstanceState.STARTING);
        if (i.check().type() == HealthCheckType.PORT && how == GuestApp.PortCheck.NOT_LISTENING) {
            // Nothing worth trying: the forward would accept anyway. The init's listening line
            // triggers the next probe (noteConsole).
            String what = "the app did not listen on port " + guest.watchedPort().orElseThrow() + " ($PORT)";
            if (i.health.notReady(what, clock.instant())) {
                onCrash(i);
                publish();
            }
            return;
        }
        i.probing = true;
        prober.probe(i.check(), hostAddress, i.handle.hostPort(), how).onComplete(ar -> {
            i.probing = false;
            if (i.busy || instances.get(i.id) != i) {
                return;
            }
            String failure = ar.succeeded() ? ar.result() : ar.cause().toString();
            // A QEMU that is gone fails its check too: report how it ended, not the failed check
            // (two failures can come before the next inspection). Two /proc reads, as re-adoption does.
            if (failure != null && i.health.state() == InstanceState.RUNNING && gone(i, driver.inspect(i.handle))) {
                publish();
                return;
            }
            InstanceState before = i.health.state();
            if (i.health.checked(failure == null, failure, clock.instant())) {
                if (i.health.state() == InstanceState.RUNNING) {
                    // A re-adopted VM was not booted by this agent: no boot time to tell.
                    String after = "adopted";
                    if (i.bootStartedAt != null) {
                        double seconds = Duration.between(i.bootStartedAt, clock.instant()).toNanos() / 1e9;
                        metrics.bootDuration(seconds);
                        after = String.format("%.2f", seconds);
                    }
                    cell(i, "healthy (" + i.check().type().name().toLowerCase() + " check)");
                    LOG.log(System.Logger.Level.INFO, "instance.running instance=" + i.id + " after_s=" + after + " was=" + before);
                } else if (i.health.state() == InstanceState.CRASHED) {
                    onCrash(i);
                }
                publish();
            }
        });
    }

    private void inspect() {
        List<Instance> live = instances.values().stream()
                .filter(i -> !i.busy && i.handle != null
                        && (i.health.state() == InstanceState.STARTING || i.health.state() == InstanceState.RUNNING))
                .toList();
        inspecting = true;
        lastInspect = clock.millis();
        vertx.executeBlocking(() -> {
            Map<Instance, VmStatus> out = new HashMap<>();
            for (Instance i : live) {
                out.put(i, driver.inspect(i.handle));
            }
            return out;
        }, false).onComplete(ar -> {
            inspecting = false;
            if (ar.failed()) {
                LOG.log(System.Logger.Level.WARNING, "supervisor.inspect-failed error=" + ar.cause());
                return;
            }
            ar.result().forEach((i, status) -> {
                if (instances.get(i.id) != i || i.busy) {
                    return;
                }
                if (status.alive()) {
                    i.rssBytes = status.rssBytes();
                    i.cpuSeconds = status.cpuSeconds();
                } else {
                    gone(i, status);
                }
            });
            publish();
        });
    }

    /** Ends the instance with its VM's exit if the VM process is gone; false while it runs. */
    private boolean gone(Instance i, VmStatus status) {
        if (status.alive()) {
            return false;
        }
        String why = status.exitReason().orElse("QEMU exited");
        if (i.health.exited(why, clock.instant())) {
            metrics.crash();
            ended(i, why);
        }
        return true;
    }

    /** Health declared a crash while QEMU may still run: end the VM, keep the CRASHED state. */
    private void onCrash(Instance i) {
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
            publish();
        });
    }

    private void release(Instance i) {
        if (i.port > 0) {
            ports.release(i.port);
            i.port = -1;
        }
        tailer.unfollow(i.id);
    }

    private void ended(Instance i, String why) {
        release(i);
        if (i.health.state() == InstanceState.CRASHED) {
            cell(i, "crashed: " + why);
            LOG.log(System.Logger.Level.WARNING, "instance.crashed instance=" + i.id + " reason=\"" + why + "\"");
        } else {
            cell(i, "stopped: " + why);
            LOG.log(System.Logger.Level.INFO, "instance.stopped instance=" + i.id + " reason=\"" + why + "\"");
        }
        publish();
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** A console line of the instance (on the tailer's thread). */
    private void noteConsole(Instance i, String line) {
        GuestApp before = i.guest;
        GuestApp after = before.seen(line);
        if (after.equals(before)) {
            return;
        }
        i.guest = after;
        if (after.listening() && !before.listening()) {
            // The check may pass now: try at once rather than at the next tick.
            ctx.runOnContext(v -> {
                if (instances.get(i.id) == i && !i.busy && !i.probing && i.handle != null
                        && i.health.state() == InstanceState.STARTING) {
                    probe(i);
                }
            });
        }
    }

    private void cell(Instance i, String text) {
        logs.note(i.id, i.index, text);
    }

    private void publish() {
        Snapshot next = Snapshot.of(instances.values());
        images.pin(next.imagesInUse());
        metrics.instances(next.countsByState());
        Snapshot before = snapshot;
        snapshot = next;
        if (next.reportsDifferFrom(before)) {
            onReportsChanged.run();
        }
    }

    /**
     * Called (on the supervisor's context) whenever an instance comes, goes or changes state,
     * health or endpoint, so the agent can tell the control plane at once instead of at the next
     * heartbeat.
     */
    public void onReportsChanged(Runnable listener) {
        onReportsChanged = listener;
    }
}
