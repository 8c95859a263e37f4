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
    /** Snapshot clones: the stored ids (24 characters of the image digest), and whether a restore fails. */
    final java.util.Set<String> snapshots = ConcurrentHashMap.newKeySet();
    final java.util.Set<Long> clones = ConcurrentHashMap.newKeySet();
    volatile boolean restoreFails;
    /** Off: a driver without snapshots (the default methods' behaviour). */
    volatile boolean snapshotting;

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
    public java.util.Optional<String> storedSnapshot(VmSpec spec) {
        String id = spec.image().digest().substring(0, 24);
        return snapshotting && snapshots.contains(id) ? java.util.Optional.of(id) : java.util.Optional.empty();
    }

    @Override
    public VmHandle restore(VmSpec spec, String snapshotId) throws VmStartException {
        calls.add("restore " + spec.instanceId() + " from " + snapshotId);
        if (restoreFails) {
            throw new VmStartException("its memory file is corrupt (CRC32C 1, its record says 2)");
        }
        VmHandle h = start(spec);
        calls.remove(calls.size() - 1);  // the start inside
        clones.add(spec.instanceId());
        return h;
    }

    @Override
    public boolean snapshotWanted(VmHandle handle) {
        return snapshotting && !clones.contains(handle.instanceId())
                && !snapshots.contains(handle.imageDigest().substring(0, 24));
    }

    /** The revision each instance's snapshot was recorded with. */
    final Map<Long, Long> snapshotRevisions = new ConcurrentHashMap<>();

    @Override
    public dev.paas.nodeagent.api.SnapshotInfo snapshot(VmHandle handle, long revision) {
        snapshotRevisions.put(handle.instanceId(), revision);
        return snapshot(handle);
    }

    @Override
    public dev.paas.nodeagent.api.SnapshotInfo snapshot(VmHandle handle) {
        String id = handle.imageDigest().substring(0, 24);
        calls.add("snapshot " + handle.instanceId() + " as " + id);
        snapshots.add(id);
        return new dev.paas.nodeagent.api.SnapshotInfo(id, 30L << 20, 1L << 20, 12, 345);
    }

    @Override
    public void dropSnapshot(String snapshotId) {
        calls.add("drop " + snapshotId);
        snapshots.remove(snapshotId);
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
