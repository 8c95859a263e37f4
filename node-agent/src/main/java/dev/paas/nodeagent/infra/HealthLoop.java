package dev.paas.nodeagent.infra;

import dev.paas.model.HealthCheckType;
import dev.paas.model.InstanceState;
import dev.paas.nodeagent.api.VmDriver;
import dev.paas.nodeagent.api.VmStatus;
import dev.paas.nodeagent.core.GuestApp;
import dev.paas.nodeagent.core.HealthMonitor;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The health loop: each round ends start-up windows that ran out, runs due checks ({@link
 * HealthProber}: port, http, process) and, every {@value #INSPECT_MS} ms, inspects the QEMU
 * processes (alive, RSS, CPU). Feeds the results to each instance's {@link HealthMonitor}; a crash
 * or a vanished VM goes to the {@link InstanceRunner}. Confined to the supervisor's context.
 */
final class HealthLoop {

    static final long INSPECT_MS = 1000;

    private static final System.Logger LOG = System.getLogger("dev.paas.nodeagent.supervisor");
    /** The init's line when the writable disk is full (kernel/README.md, "The writable disk"). */
    private static final String DISK_FULL = "paas-init: disk quota ";

    private final Vertx vertx;
    private final Context ctx;
    private final VmDriver driver;
    private final HealthProber prober;
    private final Clock clock;
    private final String hostAddress;
    private final AgentMetrics metrics;
    private final InstanceLogs logs;
    private final Map<Long, Instance> instances;
    private final InstanceRunner runner;
    private final Runnable publish;
    private long lastInspect = Long.MIN_VALUE / 2;
    private boolean inspecting;

    HealthLoop(Vertx vertx, Context ctx, VmDriver driver, HealthProber prober, Clock clock, String hostAddress,
               AgentMetrics metrics, InstanceLogs logs, Map<Long, Instance> instances, InstanceRunner runner,
               Runnable publish) {
        this.vertx = vertx;
        this.ctx = ctx;
        this.driver = driver;
        this.prober = prober;
        this.clock = clock;
        this.hostAddress = hostAddress;
        this.metrics = metrics;
        this.logs = logs;
        this.instances = instances;
        this.runner = runner;
        this.publish = publish;
    }

    /** One round (on the supervisor's context). */
    void tick() {
        Instant now = clock.instant();
        for (Instance i : List.copyOf(instances.values())) {
            if (i.busy || i.handle == null) {
                continue;
            }
            if (i.health.tick(now)) {
                runner.crashed(i);
            } else if (i.health.checkDue(now) && !i.probing) {
                probe(i);
            }
        }
        long sinceInspect = clock.millis() - lastInspect;
        // A clock set back must not postpone inspection until it catches up again.
        if (!inspecting && (sinceInspect >= INSPECT_MS || sinceInspect < 0)) {
            inspect();
        }
    }

    void close() {
        prober.close();
    }

    private void probe(Instance i) {
        GuestApp guest = i.guest;
        GuestApp.PortCheck how = guest.portCheck(i.health.state() == InstanceState.STARTING);
        if (i.check().type() == HealthCheckType.PORT && how == GuestApp.PortCheck.NOT_LISTENING) {
            // Nothing worth trying: the forward would accept anyway. The init's listening line
            // triggers the next probe (noteConsole).
            String what = "the app did not listen on port " + guest.watchedPort().orElseThrow() + " ($PORT)";
            if (i.health.notReady(what, clock.instant())) {
                runner.crashed(i);
                publish.run();
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
                publish.run();
                return;
            }
            InstanceState before = i.health.state();
            if (i.health.checked(failure == null, failure, clock.instant())) {
                if (i.health.state() == InstanceState.RUNNING) {
                    // A re-adopted VM was not booted by this agent: no boot time to tell.
                    String after = "adopted";
                    if (i.bootStartedAt != null) {
                        double seconds = Math.max(0, Duration.between(i.bootStartedAt, clock.instant()).toNanos() / 1e9);
                        metrics.bootDuration(seconds);
                        after = String.format("%.2f", seconds);
                    }
                    cell(i, "healthy (" + i.check().type().name().toLowerCase() + " check)");
                    LOG.log(System.Logger.Level.INFO, "instance.running instance=" + i.id + " after_s=" + after + " was=" + before);
                    runner.snapshotWhenWarm(i);
                } else if (i.health.state() == InstanceState.CRASHED) {
                    runner.crashed(i);
                }
                publish.run();
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
                    i.guestMemoryUsedBytes = status.guestMemoryUsedBytes();
                } else {
                    gone(i, status);
                }
            });
            publish.run();
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
            runner.ended(i, why);
        }
        return true;
    }

    /** A console line of the instance (on the tailer's thread). */
    void noteConsole(Instance i, String line) {
        if (line.startsWith(DISK_FULL)) {
            // The app's own business (its writes fail in the guest), but worth an operator's grep.
            LOG.log(System.Logger.Level.INFO, "instance.disk-full instance=" + i.id + " app=" + i.app + " index=" + i.index);
        }
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
}
