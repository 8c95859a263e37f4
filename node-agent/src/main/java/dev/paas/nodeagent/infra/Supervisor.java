package dev.paas.nodeagent.infra;

import dev.paas.model.DesiredInstance;
import dev.paas.model.DesiredInstances;
import dev.paas.nodeagent.api.ImageSource;
import dev.paas.nodeagent.api.VmDriver;
import dev.paas.nodeagent.api.VmHandle;
import dev.paas.nodeagent.core.HealthMonitor;
import dev.paas.nodeagent.core.HealthPolicy;
import dev.paas.nodeagent.core.LogLine;
import dev.paas.nodeagent.core.PortAllocator;
import dev.paas.nodeagent.core.Reconciler;
import dev.paas.nodeagent.core.RingBuffer;
import io.vertx.core.Context;
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
import java.util.function.Function;

/**
 * The coordinator: applies {@link Reconciler} plans and {@link HealthMonitor} transitions to real
 * VMs through its parts, {@link Readoption} (VMs a previous agent left), {@link HealthLoop}
 * (checks and process inspection) and {@link InstanceRunner} (one instance's VM and network). All
 * state lives on one Vert.x context (no locks); driver and image calls run on worker threads and
 * post their results back. Other threads read only the published snapshot and the ring buffers.
 *
 * <p>Every {@value #TICK_MS} ms: a health round, then a reconcile against the last desired list.
 * Nothing is reconciled before the first desired list arrives, so re-adopted VMs are not stopped
 * by an empty plan.
 */
public final class Supervisor {

    static final long TICK_MS = 500;

    private static final System.Logger LOG = System.getLogger("dev.paas.nodeagent.supervisor");

    private final Vertx vertx;
    private final Context ctx;
    private final VmDriver driver;
    private final ImageSource images;
    private final LogTailer tailer;
    private final Clock clock;
    private final int memoryLimitMb;
    private final AgentMetrics metrics;

    private final Map<Long, Instance> instances = new HashMap<>();
    private final InstanceLogs logs;
    private final InstanceRunner runner;
    private final HealthLoop health;
    private final Readoption readoption;
    private List<DesiredInstance> desired;
    private volatile long desiredVersion = -1;
    private long timer = -1;
    private volatile Snapshot snapshot = Snapshot.EMPTY;
    private volatile Runnable onReportsChanged = () -> { };
    private volatile long rounds;

    public Supervisor(Vertx vertx, VmDriver driver, ImageSource images, LogTailer tailer, PortAllocator ports,
                      HealthPolicy policy, Clock clock, String hostAddress, int memoryLimitMb,
                      Function<Long, Path> vmDirs, AgentMetrics metrics) {
        this.vertx = vertx;
        this.ctx = vertx.getOrCreateContext();
        this.driver = driver;
        this.images = images;
        this.tailer = tailer;
        this.clock = clock;
        this.memoryLimitMb = memoryLimitMb;
        this.metrics = metrics;
        this.logs = new InstanceLogs(clock);
        this.runner = new InstanceRunner(vertx, driver, images, tailer, ports, policy, clock, hostAddress, vmDirs,
                metrics, logs, instances, this::noteConsole, this::publish);
        this.health = new HealthLoop(vertx, ctx, driver, new HealthProber(vertx, policy.probeTimeout()), clock,
                hostAddress, metrics, logs, instances, runner, this::publish);
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
            health.close();
            done.complete();
        });
        Futures.await(done.future());
    }

    /** A new desired list (any thread). */
    public void desired(DesiredInstances d) {
        ctx.runOnContext(v -> {
            desired = d.instances() == null ? List.of() : d.instances();
            desiredVersion = d.version();
            runner.updateEgress(desired);
            tick();
        });
    }

    public long desiredVersion() {
        return desiredVersion;
    }

    /** How many rounds (health round + reconcile) have run: tests wait on it to let time pass. */
    long rounds() {
        return rounds;
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
            health.tick();
            if (desired != null) {
                // Again every round: an instance that was busy when the list came (a snapshot being
                // taken, a stop) gets its new rules as soon as it is not, not at the next list.
                runner.updateEgress(desired);
                apply(Reconciler.plan(desiredVersion, desired, locals(), memoryLimitMb));
            }
            publish();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "supervisor.tick-failed error=" + e, e);
        } finally {
            rounds++;  // only this context writes it
        }
    }

    private List<Reconciler.Local> locals() {
        List<Reconciler.Local> out = new ArrayList<>();
        for (Instance i : instances.values()) {
            out.add(new Reconciler.Local(i.id, i.health.state(), i.busy || runner.forgetting(i.id), i.memoryMb,
                    i.graceSeconds(), i.reportedAtVersion));
        }
        return out;
    }

    private void apply(List<Reconciler.Action> actions) {
        for (Reconciler.Action a : actions) {
            if (a instanceof Reconciler.Start s) {
                runner.start(s.desired());
            } else if (a instanceof Reconciler.Stop s) {
                runner.stop(instances.get(s.instanceId()), Duration.ofSeconds(s.graceSeconds()), s.reason());
            } else if (a instanceof Reconciler.Forget f) {
                runner.forget(instances.get(f.instanceId()), stillWanted(f.instanceId()));
            } else if (a instanceof Reconciler.Refuse r) {
                runner.refuse(r.desired(), r.reason());
            }
        }
    }

    private boolean stillWanted(long instanceId) {
        return desired != null && desired.stream().anyMatch(d -> d.instanceId() == instanceId);
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** A console line of the instance (on the tailer's thread). */
    private void noteConsole(Instance i, String line) {
        health.noteConsole(i, line);
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
