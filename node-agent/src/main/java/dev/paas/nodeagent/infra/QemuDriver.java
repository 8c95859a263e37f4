package dev.paas.nodeagent.infra;

import dev.paas.kernel.api.Accelerators;
import dev.paas.kernel.api.ExitRecord;
import dev.paas.kernel.api.GuestControl;
import dev.paas.kernel.api.GuestDisk;
import dev.paas.kernel.api.Guests;
import dev.paas.kernel.api.KernelCmdline;
import dev.paas.kernel.api.QemuCommand;
import dev.paas.kernel.api.VmConfig;
import dev.paas.model.Accelerator;
import dev.paas.nodeagent.api.Fingerprint;
import dev.paas.nodeagent.api.SnapshotInfo;
import dev.paas.nodeagent.core.SnapshotKey;
import dev.paas.nodeagent.api.VmDriver;
import dev.paas.nodeagent.api.VmHandle;
import dev.paas.nodeagent.api.VmSpec;
import dev.paas.nodeagent.api.VmStartException;
import dev.paas.nodeagent.api.VmStatus;
import dev.paas.nodeagent.core.DiskBudget;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The real {@link VmDriver}: one {@code qemu-system-x86_64} process per instance, built by the
 * kernel module's recipe from a validated {@link VmConfig} (every path confined to the state and
 * image directories), plus {@code -sandbox} and a {@code -name}. QEMU runs in its own session
 * ({@code setsid}), its stdio goes to files, so it outlives the agent; {@code vms/<id>/vm.json}
 * is written before {@link #start} returns.
 */
public final class QemuDriver implements VmDriver {

    private static final System.Logger LOG = System.getLogger("dev.paas.nodeagent.qemu");

    /**
     * seccomp: deny obsolete system calls, privilege changes, spawning processes and resource
     * control (a compromised QEMU can then not fork a shell or raise its limits).
     */
    static final List<String> SANDBOX = List.of("-sandbox",
            "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny");
    /** How long a freshly started QEMU must live before start() believes it (argv errors, port clashes). */
    private static final Duration EARLY_EXIT_WINDOW = Duration.ofMillis(300);
    /** After the grace period: time for QMP "quit" before SIGKILL. */
    private static final Duration QUIT_WAIT = Duration.ofSeconds(2);
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    /** The writable disk in the VM's directory: made at start, kept while the VM lives (and across
     * an agent restart), deleted with the directory when the instance is forgotten. */
    static final String DISK_FILE = "disk.img";

    /** The image's initramfs plus the instance's env ({@code InstanceEnv}), in the VM's directory. */
    static final String ENV_INITRAMFS = "initramfs-env.cpio";

    /** Default per-node disk budget for snapshots (--snapshot-budget). */
    public static final long DEFAULT_SNAPSHOT_BUDGET = 10L << 30;
    /** How long loading a snapshot or taking one may take. */
    private static final Duration SNAPSHOT_TIMEOUT = Duration.ofSeconds(60);

    /** How the accelerator is chosen: probe, or forced (tests and hosts known to hang under KVM). */
    public enum AcceleratorMode { AUTO, KVM, TCG }

    private final Path qemu;
    private final StateDir state;
    private final List<Path> roots;
    private final AcceleratorMode mode;
    private final int memoryLimitMb;
    private final Clock clock;
    private final GuestNetwork network;
    private final Map<Long, VmRecord> records = new ConcurrentHashMap<>();
    private final Map<Long, Process> children = new ConcurrentHashMap<>();
    /** Instances whose VM ended and whose endpoint was made to refuse (until they are forgotten). */
    private final java.util.Set<Long> ended = ConcurrentHashMap.newKeySet();
    private volatile Accelerator accelerator = Accelerator.TCG;
    private final GuestMemory guestMemory;
    /** Snapshot clones: their store and what the driver knows of each live VM's key. */
    private final SnapshotClones clones;

    /** A driver whose guests use restricted user networking (benchmarks, hosts without CAP_NET_ADMIN). */
    public QemuDriver(Path qemu, StateDir state, Path imageRoot, AcceleratorMode mode, int memoryLimitMb, Clock clock) {
        this(qemu, state, imageRoot, mode, memoryLimitMb, clock, new UserNetwork());
    }

    QemuDriver(Path qemu, StateDir state, Path imageRoot, AcceleratorMode mode, int memoryLimitMb, Clock clock,
               GuestNetwork network) {
        this.network = network;
        this.qemu = qemu;
        this.state = state;
        this.roots = List.of(state.root(), imageRoot.toAbsolutePath().normalize());
        this.mode = mode;
        this.memoryLimitMb = memoryLimitMb;
        this.clock = clock;
        this.guestMemory = new GuestMemory(clock);
        this.clones = new SnapshotClones(qemu, new SnapshotStore(state.snapshots(), DEFAULT_SNAPSHOT_BUDGET, clock), clock);
    }

    /** The disk snapshots may take on this node (0: no snapshots, every boot is cold). */
    public void snapshotBudget(long bytes) {
        clones.budget(bytes);
    }

    @Override
    public Fingerprint fingerprint() {
        int vcpus = Runtime.getRuntime().availableProcessors();
        String reason;
        switch (mode) {
            case KVM -> { accelerator = Accelerator.KVM; reason = "forced by --accelerator kvm"; }
            case TCG -> { accelerator = Accelerator.TCG; reason = "forced by --accelerator tcg"; }
            default -> {
                Accelerators.Probe p = Accelerators.probe(qemu, Guests.obtain(), state.root(),
                        Accelerators.DEFAULT_TIMEOUT);
                accelerator = p.accelerator();
                reason = p.reason();
            }
        }
        refreshSnapshotReports();  // what the store holds for this accelerator
        return new Fingerprint(memoryLimitMb, vcpus, accelerator, reason);
    }

    @Override
    public VmHandle start(VmSpec spec) throws VmStartException {
        return launch(spec, null);
    }

    /** Boots {@code spec}, or restores it from {@code from} when not null (see {@link #restore}). */
    private VmHandle launch(VmSpec spec, SnapshotStore.Stored from) throws VmStartException {
        Path dir = state.vmDir(spec.instanceId());
        try {
            StateDir.deleteTree(dir);
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new VmStartException("cannot prepare " + dir + ": " + e.getMessage(), e);
        }
        Path disk = dir.resolve(DISK_FILE);
        makeDisk(spec, disk, from);
        Path initramfs = spec.image().initramfs();
        // A restored guest's memory holds its unpacked root already: the image's own initramfs will do.
        if (!spec.env().env().isEmpty() && from == null) {
            // The image holds no app env: this instance's goes into a copy of its initramfs (0600).
            long e0 = System.nanoTime();
            initramfs = dir.resolve(ENV_INITRAMFS);
            try {
                spec.env().writeInitramfs(spec.image().initramfs(), initramfs);
            } catch (IOException e) {
                throw new VmStartException("cannot write the instance env: " + e.getMessage(), e);
            }
            LOG.log(System.Logger.Level.INFO, "vm.env-ready instance=" + spec.instanceId() + " vars="
                    + spec.env().env().size() + " ms=" + (System.nanoTime() - e0) / 1_000_000);
        }
        GuestNetwork.Endpoint endpoint = new GuestNetwork.Endpoint(spec.instanceId(), spec.hostAddress(),
                spec.hostPort(), spec.image().guestPort());
        GuestNetwork.Attachment net;
        long t0 = System.nanoTime();
        try {
            net = network.prepare(endpoint, spec.egress());
        } catch (IOException | IllegalArgumentException e) {
            throw new VmStartException(e.getMessage(), e);
        }
        if (net.netns() != null) {
            LOG.log(System.Logger.Level.INFO, "vm.network-ready instance=" + spec.instanceId() + " netns=" + net.netns()
                    + " ms=" + (System.nanoTime() - t0) / 1_000_000);
        }
        VmConfig config;
        try {
            config = net.nic().apply(VmConfig.builder()
                    .qemu(qemu)
                    .kernel(spec.image().kernel()).initramfs(initramfs)
                    .memoryMib(spec.memoryMib()).cpus(1).accelerator(accelerator).tcgCacheMib(spec.image().tcgCacheMib())
                    // The image's line is accelerator-neutral; this node adds its own tuning (under TCG
                    // noapictimer and lpj: ~200 ms less boot, bench/boot), as the kernel module's recipe says.
                    .cmdline(cmdline(spec))
                    .consoleLog(dir.resolve("console.log"))
                    .stdoutLog(dir.resolve("stdout.log")).stderrLog(dir.resolve("stderr.log"))
                    .controlSocket(dir.resolve("control.sock")).qmpSocket(dir.resolve("qmp.sock"))
                    .disk(disk)
                    // A large image's files: its erofs in the image cache, read-only (shared by its instances).
                    .rootDisk(spec.image().rootDisk().orElse(null))
                    .confineTo(roots.toArray(Path[]::new)))
                    .build();
        } catch (IllegalArgumentException e) {
            network.release(endpoint);
            throw new VmStartException("invalid VM spec: " + e.getMessage(), e);
        }
        List<String> argv = new ArrayList<>(QemuCommand.argv(config));
        argv.addAll(SANDBOX);
        argv.addAll(List.of("-name", "paas-" + spec.instanceId()));
        if (from != null) {
            argv.addAll(QemuSnapshots.incomingArgs());
        }
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());  // own session: no terminal signal of the agent's reaches QEMU
        }
        command.addAll(net.prefix());  // ip netns exec NAME: execs QEMU in the namespace, same pid
        command.addAll(argv);
        Process p;
        try {
            p = new ProcessBuilder(command)
                    .redirectInput(from == null ? ProcessBuilder.Redirect.from(new File("/dev/null"))
                            : ProcessBuilder.Redirect.from(from.memory().toFile()))  // -incoming fd:0 reads the file
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("qemu.log").toFile()))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            network.release(endpoint);
            throw new VmStartException("cannot start QEMU: " + e.getMessage(), e);
        }
        long startTicks = ProcStats.read(p.pid()).map(ProcStats.Sample::startTicks).orElse(-1L);
        VmRecord rec = new VmRecord(spec.instanceId(), spec.app(), spec.index(), spec.image().digest(), p.pid(),
                startTicks, config.qmpSocket().orElseThrow().toString(), config.controlSocket().orElseThrow().toString(),
                spec.hostAddress(), spec.hostPort(), spec.image().guestPort(), spec.memoryMib(), clock.instant(), false,
                argv, net.netns(), spec.diskMib());
        children.put(spec.instanceId(), p);
        records.put(spec.instanceId(), rec);
        clones.launched(spec.instanceId(), snapshotKey(spec));
        try {
            StateDir.writeAtomically(dir.resolve("vm.json"), Json.MAPPER.writeValueAsBytes(rec));
        } catch (IOException e) {
            p.destroyForcibly();
            records.remove(spec.instanceId());
            network.release(endpoint);
            throw new VmStartException("cannot write the VM record: " + e.getMessage(), e);
        }
        long t1 = System.nanoTime();
        try {
            // While the guest boots: the rest of its network (rules, routes, the endpoint's DNAT).
            network.complete(endpoint, spec.egress());
        } catch (IOException | RuntimeException e) {
            p.destroyForcibly();
            forget(handle(rec, true));  // releases the network too
            throw new VmStartException(e.getMessage(), e);
        }
        if (net.netns() != null) {
            LOG.log(System.Logger.Level.INFO, "vm.network-complete instance=" + spec.instanceId() + " netns=" + net.netns()
                    + " ms=" + (System.nanoTime() - t1) / 1_000_000);
        }
        if (from != null) {
            resumeRestored(spec, from, p, rec, config);
            return handle(rec, false);
        }
        try {
            if (p.waitFor(EARLY_EXIT_WINDOW.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                String why = "QEMU exited at once with status " + p.exitValue() + ": " + lastLines(dir.resolve("qemu.log"), 3);
                forget(handle(rec, true));  // nothing runs: leave no record (and no network) behind
                throw new VmStartException(why);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return handle(rec, false);
    }

    /**
     * The instance's writable disk, fresh for every boot (as a Cloud Foundry container's disk is),
     * or the snapshot's copy for a restore, unless the host could not hold it beside the other
     * live VMs' disks ({@link DiskBudget}).
     */
    private void makeDisk(VmSpec spec, Path disk, SnapshotStore.Stored from) throws VmStartException {
        long mib = 1024L * 1024L;
        long others = records.values().stream().filter(r -> r.instanceId() != spec.instanceId() && alive(r))
                .mapToLong(VmRecord::diskMib).sum();
        try {
            long usable = Files.getFileStore(disk.getParent()).getUsableSpace() / mib;
            Optional<String> refusal = DiskBudget.refusal(usable, spec.diskMib(), others, state.root().toString());
            if (refusal.isPresent()) {
                throw new VmStartException(refusal.get());
            }
            long t0 = System.nanoTime();
            if (from != null) {
                QemuSnapshots.copySparse(from.disk(), disk);
            } else {
                GuestDisk.create(disk, spec.diskMib());
            }
            LOG.log(System.Logger.Level.DEBUG, "vm.disk-made instance=" + spec.instanceId() + " mib=" + spec.diskMib()
                    + " ms=" + (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException | IllegalArgumentException e) {
            throw new VmStartException("cannot make the instance's disk (" + spec.diskMib() + " MiB): "
                    + e.getMessage(), e);
        }
    }

    @Override
    public VmHandle restore(VmSpec spec, String snapshotId) throws VmStartException {
        SnapshotStore.Stored from = clones.restorable(snapshotId, snapshotKey(spec));
        VmHandle h = launch(spec, from);
        clones.restored(spec.instanceId());
        refreshSnapshotReports();  // its last use moved
        return h;
    }

    /**
     * The restoring QEMU runs paused: stream the snapshot in, check it, let the guest run, tell it
     * who it is now ({@link SnapshotClones#resume}). Any failure kills the VM and leaves nothing behind.
     */
    private void resumeRestored(VmSpec spec, SnapshotStore.Stored from, Process p, VmRecord rec, VmConfig config)
            throws VmStartException {
        try {
            clones.resume(spec, from, p, config, SNAPSHOT_TIMEOUT);
        } catch (IOException | RuntimeException e) {
            p.destroyForcibly();
            try {
                p.waitFor(2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            String qemuLog = lastLines(state.vmDir(spec.instanceId()).resolve("qemu.log"), 2);
            String console = lastLines(state.vmDir(spec.instanceId()).resolve("console.log"), 3);
            forget(handle(rec, true));
            throw new VmStartException(e.getMessage() + (qemuLog.isEmpty() ? "" : " (QEMU: " + qemuLog + ")")
                    + (console.isEmpty() ? "" : " (console: " + console + ")"), e);
        }
    }

    @Override
    public Optional<String> storedSnapshot(VmSpec spec) {
        return clones.stored(snapshotKey(spec));
    }

    @Override
    public boolean snapshotWanted(VmHandle handle) {
        return clones.wanted(handle.instanceId());
    }

    @Override
    public SnapshotInfo snapshot(VmHandle handle) throws IOException {
        return snapshot(handle, 0);
    }

    @Override
    public SnapshotInfo snapshot(VmHandle handle, long revision) throws IOException {
        VmRecord rec = records.get(handle.instanceId());
        if (rec == null || !alive(rec)) {
            throw new IOException("no running VM of instance " + handle.instanceId() + " to snapshot");
        }
        SnapshotInfo info = clones.take(rec.instanceId(), Path.of(rec.qmpSocket()), state.vmDir(rec.instanceId()).resolve(DISK_FILE),
                rec.diskMib(), SNAPSHOT_TIMEOUT, revision > 0 ? revision : null);
        refreshSnapshotReports();
        return info;
    }

    @Override
    public void dropSnapshot(String snapshotId) {
        clones.drop(snapshotId);
        refreshSnapshotReports();
    }

    @Override
    public void dropSnapshotsOf(java.util.Set<Long> revisions) {
        if (!clones.dropRevisions(revisions).isEmpty()) {
            refreshSnapshotReports();
        }
    }

    @Override
    public void snapshotHousekeeping() {
        clones.housekeep();
        refreshSnapshotReports();
    }

    @Override
    public List<dev.paas.model.SnapshotReport> snapshotReports() {
        return clones.reports();
    }

    /** Renews what heartbeats report of the store (blocking: a file read per snapshot). */
    private void refreshSnapshotReports() {
        clones.refresh(accelerator, networkName());
    }

    private String networkName() {
        return network instanceof UserNetwork ? "user" : "netns";
    }

    /** What a snapshot of {@code spec}'s VM on this node would be keyed by. */
    SnapshotKey snapshotKey(VmSpec spec) {
        return clones.key(spec, accelerator, cmdline(spec), networkName());
    }

    /** The image's line is accelerator-neutral; this node adds its own tuning (under TCG noapictimer
     * and lpj: ~200 ms less boot, bench/boot), as the kernel module's recipe says. */
    private KernelCmdline cmdline(VmSpec spec) {
        return (spec.image().cmdline().isEmpty() ? KernelCmdline.defaults()
                : new KernelCmdline(spec.image().cmdline())).tunedFor(accelerator, 1);
    }

    @Override
    public VmStatus stop(VmHandle handle, Duration grace) {
        VmRecord rec = records.get(handle.instanceId());
        if (rec == null) {
            return VmStatus.ended("unknown VM");
        }
        VmStatus status = stop(rec, handle, grace);
        if (!alive(rec) && ended.add(rec.instanceId())) {
            // No guest behind the endpoint any more: every packet towards it gets a reset, so the
            // router's connections (new and pooled) fail at once instead of waiting on a tap
            // nobody reads, and it tries another instance. The network goes when forgotten.
            network.ended(endpoint(rec));
        }
        return status;
    }

    private VmStatus stop(VmRecord rec, VmHandle handle, Duration grace) {
        if (!rec.stopRequested()) {
            rec = rec.withStopRequested();
            records.put(rec.instanceId(), rec);
            try {
                StateDir.writeAtomically(state.vmDir(rec.instanceId()).resolve("vm.json"),
                        Json.MAPPER.writeValueAsBytes(rec));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "vm.record-write-failed instance=" + rec.instanceId()
                        + " error=" + e.getMessage());
            }
        }
        if (alive(rec)) {
            try {
                GuestControl.requestStop(Path.of(rec.controlSocket()));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "vm.stop-request-failed instance=" + rec.instanceId()
                        + " error=" + e.getMessage());
            }
            if (!awaitDeath(rec, grace)) {
                LOG.log(System.Logger.Level.INFO, "vm.grace-over instance=" + rec.instanceId() + " grace_s="
                        + grace.toSeconds());
                try {
                    Qmp.execute(Path.of(rec.qmpSocket()), "quit", QUIT_WAIT);
                } catch (IOException e) {
                    // the kill below covers it
                }
                if (!awaitDeath(rec, QUIT_WAIT)) {
                    ProcessHandle.of(rec.pid()).ifPresent(ProcessHandle::destroyForcibly);
                    awaitDeath(rec, QUIT_WAIT);
                }
                return VmStatus.ended(exitReason(rec).map(r -> r + "; ").orElse("")
                        + "killed after the grace period of " + grace.toSeconds() + " s");
            }
        }
        return inspect(handle);
    }

    @Override
    public VmStatus inspect(VmHandle handle) {
        VmRecord rec = records.get(handle.instanceId());
        if (rec == null) {
            return VmStatus.ended("unknown VM");
        }
        Optional<ProcStats.Sample> s = sample(rec);
        if (s.isPresent()) {
            return VmStatus.running(s.get().rssBytes(), s.get().cpuSeconds(),
                    guestMemory.used(rec.instanceId(), Path.of(rec.qmpSocket())));
        }
        return VmStatus.ended(exitReason(rec).orElseGet(() -> deathReason(rec)));
    }

    @Override
    public List<VmHandle> recover() {
        List<VmRecord> found = new ArrayList<>();
        java.util.Set<Long> alive = new java.util.HashSet<>();
        try (Stream<Path> dirs = Files.list(state.vms())) {
            for (Path dir : dirs.sorted().toList()) {
                Path file = dir.resolve("vm.json");
                if (!Files.isRegularFile(file)) {
                    StateDir.deleteTree(dir);  // a start that died before writing its record
                    continue;
                }
                VmRecord rec;
                try {
                    rec = Json.MAPPER.readValue(file.toFile(), VmRecord.class);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "vm.record-unreadable path=" + file + " error=" + e.getMessage());
                    continue;
                }
                records.put(rec.instanceId(), rec);
                found.add(rec);
                if (alive(rec) && ProcStats.cmdline(rec.pid()).map(c -> c.contains(rec.qmpSocket())).orElse(false)) {
                    alive.add(rec.instanceId());
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "vm.recover-failed error=" + e.getMessage());
        }
        // Keep the networks every record names, remove this agent's leftovers, check the live ones.
        Map<Long, String> broken = network.adopt(found.stream().map(QemuDriver::endpoint).toList(), alive);
        List<VmHandle> out = new ArrayList<>();
        for (VmRecord rec : found) {
            String why = broken.get(rec.instanceId());
            if (why != null) {
                // A guest cut off from its network (or from its rules) cannot be trusted to stay isolated.
                LOG.log(System.Logger.Level.WARNING, "vm.network-missing instance=" + rec.instanceId()
                        + " reason=\"" + why + "\"");
                ProcessHandle.of(rec.pid()).ifPresent(ProcessHandle::destroyForcibly);
                awaitDeath(rec, QUIT_WAIT);
                alive.remove(rec.instanceId());
            }
            if (!alive.contains(rec.instanceId()) && why == null) {
                ended.add(rec.instanceId());  // adopt() made the endpoint of a VM found dead refuse
            }
            out.add(handle(rec, !alive.contains(rec.instanceId())));
        }
        return out;
    }

    @Override
    public void updateEgress(VmHandle handle, dev.paas.nodeagent.core.EgressPolicy egress) throws IOException {
        VmRecord rec = records.get(handle.instanceId());
        if (rec != null) {
            network.updateEgress(endpoint(rec), egress);
        }
    }

    private static GuestNetwork.Endpoint endpoint(VmRecord rec) {
        return new GuestNetwork.Endpoint(rec.instanceId(), rec.hostAddress(), rec.hostPort(), rec.guestPort());
    }

    @Override
    public void forget(VmHandle handle) {
        VmRecord rec = records.remove(handle.instanceId());
        children.remove(handle.instanceId());
        try {
            StateDir.deleteTree(state.vmDir(handle.instanceId()));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "vm.forget-failed instance=" + handle.instanceId()
                    + " error=" + e.getMessage());
        }
        ended.remove(handle.instanceId());
        guestMemory.forget(handle.instanceId());
        clones.forget(handle.instanceId());
        if (rec != null) {
            network.release(endpoint(rec));
        }
    }

    /** The directory holding a VM's console, stdout and stderr files. */
    public Path vmDir(long instanceId) {
        return state.vmDir(instanceId);
    }

    public Accelerator accelerator() {
        return accelerator;
    }

    private VmHandle handle(VmRecord rec, boolean dead) {
        return new VmHandle(rec.instanceId(), rec.app(), rec.index(), rec.imageDigest(), rec.pid(), rec.hostPort(),
                rec.endpoint(), rec.memoryMib(), rec.startedAt(), dead, rec.stopRequested());
    }

    private Optional<ProcStats.Sample> sample(VmRecord rec) {
        return ProcStats.read(rec.pid()).filter(s -> s.startTicks() == rec.pidStartTicks());
    }

    private boolean alive(VmRecord rec) {
        return sample(rec).isPresent();
    }

    private boolean awaitDeath(VmRecord rec, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (alive(rec)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !alive(rec);
            }
        }
        return true;
    }

    private Optional<String> exitReason(VmRecord rec) {
        Path console = state.vmDir(rec.instanceId()).resolve("console.log");
        try (Stream<String> lines = Files.lines(console, StandardCharsets.UTF_8)) {
            return lines.map(l -> l.replace("\r", ""))
                    .filter(l -> l.startsWith(ExitRecord.PREFIX))
                    .reduce((a, b) -> b)
                    .flatMap(l -> {
                        try {
                            return ExitRecord.parse(l).map(ExitRecord::describe);
                        } catch (IllegalArgumentException e) {
                            return Optional.of("malformed exit record: " + l);
                        }
                    });
        } catch (IOException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private String deathReason(VmRecord rec) {
        Process p = children.get(rec.instanceId());
        if (p != null && !p.isAlive()) {
            int status = p.exitValue();
            String qemuLog = lastLines(state.vmDir(rec.instanceId()).resolve("qemu.log"), 2);
            return (status > 128 ? "QEMU (pid " + rec.pid() + ") was killed by signal " + (status - 128)
                    : "QEMU (pid " + rec.pid() + ") exited with status " + status)
                    + " without an exit record" + (qemuLog.isEmpty() ? "" : ": " + qemuLog);
        }
        return "QEMU (pid " + rec.pid() + ") is gone without an exit record";
    }

    private static String lastLines(Path file, int n) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size())).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
