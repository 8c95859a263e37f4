package dev.paas.nodeagent.infra;

import dev.paas.model.Accelerator;
import dev.paas.nodeagent.api.Fingerprint;
import dev.paas.nodeagent.api.VmDriver;
import dev.paas.nodeagent.api.VmHandle;
import dev.paas.nodeagent.api.VmSpec;
import dev.paas.nodeagent.api.VmStartException;
import dev.paas.nodeagent.api.VmStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** An in-memory VmDriver for supervision tests: "VMs" are map entries that tests can kill. */
final class FakeDriver implements VmDriver {

    final List<String> calls = new CopyOnWriteArrayList<>();
    final Map<Long, String> dead = new ConcurrentHashMap<>();
    /** The disk size each instance was last started with. */
    final Map<Long, Integer> diskMib = new ConcurrentHashMap<>();
    volatile List<VmHandle> leftovers = List.of();
    /** How long an inspection off the event loop (the supervisor's periodic one) takes: a busy host. */
    volatile long slowInspectionMillis;
    /** Counted down when a slow inspection begins. */
    final java.util.concurrent.CountDownLatch slowInspectionBegun = new java.util.concurrent.CountDownLatch(1);
    private final AtomicLong pids = new AtomicLong(1000);
    /** The env each start was given, by instance. */
    final Map<Long, dev.paas.kernel.api.InstanceEnv> envs = new java.util.concurrent.ConcurrentHashMap<>();
    private final Path vms;

    FakeDriver(Path vms) {
        this.vms = vms;
    }

    @Override
    public Fingerprint fingerprint() {
        return new Fingerprint(1024, 2, Accelerator.TCG, "fake");
    }

    @Override
    public VmHandle start(VmSpec spec) throws VmStartException {
        envs.put(spec.instanceId(), spec.env());
        calls.add("start " + spec.instanceId() + " port " + spec.hostPort()
                + (spec.egress().rules().isEmpty() ? "" : " egress " + spec.egress().rules()));
        try {
            Files.createDirectories(vms.resolve(Long.toString(spec.instanceId())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dead.remove(spec.instanceId());
        diskMib.put(spec.instanceId(), spec.diskMib());
        return new VmHandle(spec.instanceId(), spec.app(), spec.index(), spec.image().digest(), pids.incrementAndGet(),
                spec.hostPort(), spec.hostAddress() + ":" + spec.hostPort(), spec.memoryMib(), Instant.now(), false, false);
    }

    @Override
    public void updateEgress(VmHandle handle, dev.paas.nodeagent.core.EgressPolicy egress) {
        calls.add("egress " + handle.instanceId() + " " + egress.rules());
    }

    @Override
    public VmStatus stop(VmHandle handle, Duration grace) {
        calls.add("stop " + handle.instanceId() + " grace " + grace.toSeconds());
        dead.put(handle.instanceId(), "exited with code 0 (after SIGTERM)");
        return inspect(handle);
    }

    @Override
    public VmStatus inspect(VmHandle handle) {
        if (slowInspectionMillis > 0 && !io.vertx.core.Context.isOnEventLoopThread()) {
            slowInspectionBegun.countDown();
            try {
                Thread.sleep(slowInspectionMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String why = dead.get(handle.instanceId());
        return why == null ? VmStatus.running(64L << 20, 1.5) : VmStatus.ended(why);
    }

    @Override
    public List<VmHandle> recover() {
        return leftovers;
    }

    @Override
    public void forget(VmHandle handle) {
        calls.add("forget " + handle.instanceId());
    }
}
