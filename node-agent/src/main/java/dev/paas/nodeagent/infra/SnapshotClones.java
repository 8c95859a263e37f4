package dev.paas.nodeagent.infra;

import dev.paas.kernel.api.GuestControl;
import dev.paas.kernel.api.KernelCmdline;
import dev.paas.kernel.api.RestoreMessage;
import dev.paas.kernel.api.VmConfig;
import dev.paas.model.Accelerator;
import dev.paas.model.SnapshotReport;
import dev.paas.nodeagent.api.SnapshotInfo;
import dev.paas.nodeagent.api.VmSpec;
import dev.paas.nodeagent.api.VmStartException;
import dev.paas.nodeagent.core.SnapshotKey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The QEMU driver's snapshot clones (node-agent/README.md, "Snapshot clones"): the store, each
 * live VM's key, which VMs came from a snapshot, which keys are being taken; what a restored guest
 * is told. {@link QemuSnapshots} does QEMU's part. Thread-safe.
 */
final class SnapshotClones {

    /** The init's console line once the restored guest is the new instance (kernel/README.md). */
    static final String RESTORED_LINE = "paas-init: restored from a snapshot ";
    /**
     * Most snapshots a heartbeat reports (the disk budget keeps far fewer: each holds its guest's
     * memory); the control plane refuses more than twice as many.
     */
    static final int MAX_REPORTS = 500;
    /** How long the init may take to confirm the restore line. */
    static final Duration CONFIRM = Duration.ofSeconds(10);

    private static final System.Logger LOG = System.getLogger("dev.paas.nodeagent.snapshots");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path qemu;
    private final SnapshotStore store;
    private final Clock clock;
    private final Map<Long, SnapshotKey> keys = new ConcurrentHashMap<>();
    private final Set<Long> restored = ConcurrentHashMap.newKeySet();
    private final Set<String> taking = ConcurrentHashMap.newKeySet();
    private volatile String qemuVersion;
    private volatile List<SnapshotReport> reports = List.of();

    SnapshotClones(Path qemu, SnapshotStore store, Clock clock) {
        this.qemu = qemu;
        this.store = store;
        this.clock = clock;
    }

    void budget(long bytes) {
        store.budgetBytes(bytes);
    }

    SnapshotKey key(VmSpec spec, Accelerator accelerator, KernelCmdline cmdline, String network) {
        return new SnapshotKey(spec.image().digest(), spec.memoryMib(), spec.diskMib(), accelerator.name(),
                qemuVersion(), cmdline.render(), network, SnapshotKey.envDigest(spec.env().env()));
    }

    /** A VM of {@code key} runs (booted or restored): its key is pinned and may be snapshotted. */
    void launched(long instanceId, SnapshotKey key) {
        keys.put(instanceId, key);
    }

    void restored(long instanceId) {
        restored.add(instanceId);
    }

    void forget(long instanceId) {
        keys.remove(instanceId);
        restored.remove(instanceId);
    }

    Optional<String> stored(SnapshotKey key) {
        return store.enabled() && store.has(key.id()) ? Optional.of(key.id()) : Optional.empty();
    }

    /** The stored snapshot {@code id} if it is of {@code key} (its JSON says so), marked used. */
    SnapshotStore.Stored restorable(String id, SnapshotKey key) throws VmStartException {
        SnapshotStore.Stored from = store.find(id)
                .orElseThrow(() -> new VmStartException("snapshot " + id + " is not stored on this node"));
        if (!id.equals(key.id()) || !id.equals(from.meta().key()) || !key.describe().equals(from.meta().parts())) {
            throw new VmStartException("snapshot " + id + " does not match this instance's key " + key.id()
                    + (from.meta().key() == null ? " (its snapshot.json is unreadable)" : ""));
        }
        store.touch(id);
        return from;
    }

    /**
     * The restoring QEMU ({@code -S -incoming fd:0}, its stdin the snapshot) runs paused: hash the
     * file meanwhile, await the load, compare, {@code cont}, and tell the guest who it is now;
     * returns once the init confirmed, so no request reaches a clone before it is its own instance.
     */
    void resume(VmSpec spec, SnapshotStore.Stored from, Process p, VmConfig config, Duration timeout) throws IOException {
        Path qmp = config.qmpSocket().orElseThrow();
        long t0 = System.nanoTime();
        long crc = QemuSnapshots.crc32cOf(from.memory());  // while QEMU loads it from its stdin
        long t1 = System.nanoTime();
        QemuSnapshots.awaitIncoming(qmp, p, timeout);
        if (crc != from.meta().crc32c()) {
            throw new IOException("its memory file is corrupt (CRC32C " + Long.toHexString(crc) + ", its record says "
                    + Long.toHexString(from.meta().crc32c()) + ")");
        }
        long t2 = System.nanoTime();
        Qmp.execute(qmp, "cont", Duration.ofSeconds(5));
        Path console = config.consoleLog().orElseThrow();
        boolean confirmed = GuestControl.restored(config.controlSocket().orElseThrow(), message(spec, clock.instant()),
                () -> !p.isAlive() || QemuSnapshots.consoleSays(console, RESTORED_LINE), CONFIRM);
        if (!p.isAlive()) {
            throw new IOException("QEMU exited with status " + p.exitValue() + " after the restore");
        }
        if (!confirmed) {
            throw new IOException("the guest's init did not confirm the restore within " + CONFIRM.toSeconds()
                    + " s (an image whose init predates snapshot clones?)");
        }
        LOG.log(System.Logger.Level.INFO, "vm.restored instance=" + spec.instanceId() + " key=" + from.meta().key()
                + " check_ms=" + (t1 - t0) / 1_000_000 + " load_ms=" + (t2 - t1) / 1_000_000
                + " identity_ms=" + (System.nanoTime() - t2) / 1_000_000);
    }

    /** See {@code VmDriver.snapshotWanted}. */
    boolean wanted(long instanceId) {
        SnapshotKey key = keys.get(instanceId);
        return key != null && store.enabled() && !restored.contains(instanceId) && !taking.contains(key.id())
                && !store.has(key.id());
    }

    /**
     * Snapshots the live VM behind {@code qmp} (its disk {@code disk}) under its key, recording
     * {@code revision} (the control plane's, null when unknown) for the heartbeats' reports.
     */
    SnapshotInfo take(long instanceId, Path qmp, Path disk, int diskMib, Duration timeout, Long revision) throws IOException {
        SnapshotKey key = keys.get(instanceId);
        if (key == null) {
            throw new IOException("instance " + instanceId + " has no snapshot key (re-adopted VMs are not snapshotted)");
        }
        if (!taking.add(key.id())) {
            throw new IOException("snapshot " + key.id() + " is being taken already");
        }
        Path tmp = store.begin(key.id());
        try {
            QemuSnapshots.Taken t = QemuSnapshots.take(qmp, tmp.resolve(SnapshotStore.MEMORY), disk,
                    tmp.resolve(SnapshotStore.DISK), timeout);
            store.commit(tmp, new SnapshotStore.Meta(key.id(), key.describe(), t.memoryBytes(), t.sha256(), t.crc32c(),
                    t.diskBytes(), diskMib, clock.instant(), t.pausedMs(), revision));
            LOG.log(System.Logger.Level.INFO, "snapshot.taken key=" + key.id() + " instance=" + instanceId
                    + " memory_bytes=" + t.memoryBytes() + " disk_bytes=" + t.diskBytes() + " paused_ms=" + t.pausedMs()
                    + " ms=" + t.tookMs());
            return new SnapshotInfo(key.id(), t.memoryBytes(), t.diskBytes(), t.pausedMs(), t.tookMs());
        } catch (IOException | RuntimeException e) {
            store.abort(tmp);
            throw e;
        } finally {
            taking.remove(key.id());
        }
    }

    /**
     * What the heartbeats report: the stored snapshots this node could restore now, most recently
     * used first, at most {@link #MAX_REPORTS}. Read without I/O (any thread, the event loop's too);
     * {@link #refresh} renews it after every change.
     */
    List<SnapshotReport> reports() {
        return reports;
    }

    /**
     * Reads the store again for {@link #reports}: only snapshots that name their revision, taken
     * with this node's recipe, QEMU, accelerator and data path (a clone needs all of them equal;
     * others would only draw instances here to boot cold). Blocking (a file read per snapshot).
     */
    void refresh(Accelerator accelerator, String network) {
        if (!store.enabled()) {
            reports = List.of();
            return;
        }
        String qemuVersion = qemuVersion();
        List<SnapshotReport> out = new ArrayList<>();
        for (SnapshotStore.Listed l : store.list()) {
            SnapshotStore.Meta m = l.stored().meta();
            Map<String, String> parts = SnapshotKey.parts(m.parts());
            if (m.revision() == null || m.revision() <= 0
                    || !Integer.toString(SnapshotKey.RECIPE).equals(parts.get("recipe"))
                    || !accelerator.name().equals(parts.get("accelerator"))
                    || !qemuVersion.equals(parts.get("qemu"))
                    || !network.equals(parts.get("network"))) {
                continue;
            }
            Integer memoryMib = parseInt(parts.get("memoryMib"));
            if (memoryMib == null) {
                continue;
            }
            out.add(new SnapshotReport(m.revision(), memoryMib, m.diskMib(), accelerator, l.sizeBytes(), l.lastUsed()));
        }
        out.sort(Comparator.comparing(SnapshotReport::lastUsedAt).reversed());
        reports = List.copyOf(out.subList(0, Math.min(out.size(), MAX_REPORTS)));
    }

    private static Integer parseInt(String s) {
        try {
            return s == null ? null : Integer.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    void drop(String id) {
        store.drop(id);
        LOG.log(System.Logger.Level.INFO, "snapshot.dropped key=" + id);
    }

    /**
     * Deletes the snapshots taken of these revisions, except one whose key a live VM has.
     *
     * @return the ids deleted
     */
    List<String> dropRevisions(Set<Long> revisions) {
        if (revisions.isEmpty()) {
            return List.of();
        }
        Set<String> pinned = keys.values().stream().map(SnapshotKey::id).collect(Collectors.toSet());
        List<String> dropped = new ArrayList<>();
        for (SnapshotStore.Listed l : store.list()) {
            SnapshotStore.Meta m = l.stored().meta();
            if (m.revision() != null && revisions.contains(m.revision()) && !pinned.contains(m.key())) {
                store.drop(m.key());
                dropped.add(m.key());
                LOG.log(System.Logger.Level.INFO, "snapshot.dropped key=" + m.key() + " revision=" + m.revision()
                        + " reason=no-app-needs-it");
            }
        }
        return dropped;
    }

    /** LRU within the budget; a key a live VM has is never evicted. */
    void housekeep() {
        store.housekeep(keys.values().stream().map(SnapshotKey::id).collect(Collectors.toSet()));
    }

    /**
     * The restore line for {@code spec}'s guest: a fresh seed, the host's clock, and the
     * instance's identity (index, {@code CF_INSTANCE_GUID} from its env, its endpoint); a value the
     * init would refuse is left out rather than failing the restore.
     */
    static RestoreMessage message(VmSpec spec, Instant now) {
        byte[] seed = new byte[RestoreMessage.SEED_BYTES];
        RANDOM.nextBytes(seed);
        String guid = spec.env().env().get("CF_INSTANCE_GUID");
        if (guid != null && !guid.matches("[A-Za-z0-9.:-]{1,63}")) {
            guid = null;
        }
        String ip = spec.hostAddress().matches("[0-9.]{7,15}") ? spec.hostAddress() : null;
        return new RestoreMessage(seed, now, OptionalInt.of(spec.index()), guid, ip, OptionalInt.of(spec.hostPort()));
    }

    private String qemuVersion() {
        String v = qemuVersion;
        if (v == null) {
            v = qemuVersion(qemu);
            qemuVersion = v;
        }
        return v;
    }

    /** The first line of {@code qemu --version} ("unknown" when it cannot be run). */
    static String qemuVersion(Path qemu) {
        try {
            Process p = new ProcessBuilder(qemu.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "unknown";
            }
            return out.lines().findFirst().map(String::strip).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
