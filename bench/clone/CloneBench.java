import dev.paas.imagefactory.api.BuildRequest;
import dev.paas.imagefactory.api.BuildResult;
import dev.paas.imagefactory.api.ImageFactory;
import dev.paas.imagefactory.api.StoredImage;
import dev.paas.kernel.api.GuestArtifacts;
import dev.paas.kernel.api.Guests;
import dev.paas.kernel.api.InstanceEnv;
import dev.paas.nodeagent.api.Fingerprint;
import dev.paas.nodeagent.api.LocalImage;
import dev.paas.nodeagent.api.SnapshotInfo;
import dev.paas.nodeagent.api.VmHandle;
import dev.paas.nodeagent.api.VmSpec;
import dev.paas.nodeagent.core.EgressPolicy;
import dev.paas.nodeagent.infra.AgentNetworks;
import dev.paas.nodeagent.infra.QemuDriver;
import dev.paas.nodeagent.infra.StateDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The clone benchmark behind bench/clone/run (issue 18). Builds bench/push's Java hello into an
 * image with the image factory, then through the node agent's own {@link QemuDriver} (netns data
 * path, the agent's argv and kernel line): N cold boots to the first HTTP 200, one snapshot of a
 * warm instance, N clones restored from it to their first 200 (each alone, as each cold boot; then
 * each with its page cache dropped; then N side by side, kept running to read their host memory),
 * and N native runs of the jar to their first 200. The clock starts at the
 * driver's start/restore call (or the native process start) and stops at the first 200 through
 * the endpoint.
 */
public class CloneBench {

    static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");
    static final int MEMORY_MIB = 256;

    public static void main(String[] args) throws Exception {
        int runs = 5;
        String accel = "auto";
        String vmNetwork = "10.248.0.0/16";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--accel" -> accel = args[++i];
                case "--vm-network" -> vmNetwork = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path work = Files.createTempDirectory("clone-");
        StateDir state = new StateDir(work.resolve("s"));
        QemuDriver driver = null;
        List<VmHandle> running = new ArrayList<>();
        try {
            PushBench.work = work;
            Path jar = PushBench.helloJar(1);  // bench/push's jdk.httpserver hello, version 1
            GuestArtifacts guest = Guests.obtain();
            Path cache = Path.of(System.getProperty("user.home"), ".cache/paas/bench-clone");
            ImageFactory factory = ImageFactory.builder().store(ImageFactory.fileStore(state.images().resolve("store")))
                    .cacheDir(cache).workDir(work.resolve("scratch")).guest(() -> guest).build();
            BuildResult built = factory.build(BuildRequest.of(jar), line -> { });
            StoredImage s = built.image();
            LocalImage image = new LocalImage(s.digest(), s.kernel(), s.initramfs(),
                    Arrays.asList(s.metadata().cmdline().strip().split("\\s+")), s.metadata().launch().port(), 64);
            System.out.printf("image %s: %.1f MB (kernel + initramfs), built in %.1f s%n", s.digest().substring(0, 12),
                    (Files.size(s.kernel()) + Files.size(s.initramfs())) / 1e6, built.total().toMillis() / 1e3);

            driver = AgentNetworks.netnsDriver(QEMU, state, QemuDriver.AcceleratorMode.valueOf(accel.toUpperCase()),
                    16384, "127.0.0.1", vmNetwork);
            Fingerprint fp = driver.fingerprint();
            System.out.printf("accelerator %s (%s), load %s%n", fp.accelerator(), fp.acceleratorReason(), load());

            double[] cold = new double[runs];
            SnapshotInfo snap = null;
            long coldPss = 0;
            for (int k = 0; k < runs; k++) {
                VmSpec spec = spec(k + 1, k, image);
                long t0 = System.nanoTime();
                VmHandle h = driver.start(spec);
                running.add(h);
                cold[k] = firstOk(h.endpoint(), t0);
                System.out.printf("cold %d: %.0f ms%n", k + 1, cold[k]);
                if (k == runs - 1) {
                    coldPss = pss(h.pid());
                    snap = driver.snapshot(h);  // warm: it has answered its first request
                }
                stop(driver, h, running);
            }
            run("sync");  // the snapshot's 120 MB written back before the clones: no writeback under their clocks
            System.out.printf("snapshot %s: memory %.1f MB, disk %.1f MB, guest paused %d ms, %d ms in all%n",
                    snap.id(), snap.memoryBytes() / 1e6, snap.diskBytes() / 1e6, snap.pausedMs(), snap.tookMs());

            // Each clone alone on the node, as each cold boot and each native run is measured: restore,
            // first 200, its PSS, stop. Then the same N side by side (each restored while the earlier
            // ones keep running), for the memory of N clones at once and what running neighbours cost.
            double[] clone = new double[runs];
            long[] alonePss = new long[runs];
            for (int k = 0; k < runs; k++) {
                VmHandle h = restore(driver, spec(101 + k, k + 1, image), running);
                clone[k] = firstOk(h.endpoint(), restoreStarted);
                alonePss[k] = pss(h.pid());
                System.out.printf("clone %d (alone): %.0f ms%n", k + 1, clone[k]);
                stop(driver, h, running);
            }
            double[] uncached = new double[runs];
            for (int k = 0; k < runs; k++) {
                dropFromPageCache(state.snapshots().resolve(snap.id()).resolve("memory"));
                VmHandle h = restore(driver, spec(201 + k, k + 1, image), running);
                uncached[k] = firstOk(h.endpoint(), restoreStarted);
                System.out.printf("clone %d (snapshot file not in the page cache): %.0f ms%n", k + 1, uncached[k]);
                stop(driver, h, running);
            }
            double[] sideBySide = new double[runs];
            long[] pss = new long[runs];
            for (int k = 0; k < runs; k++) {
                VmHandle h = restore(driver, spec(301 + k, k + 1, image), running);
                sideBySide[k] = firstOk(h.endpoint(), restoreStarted);
                System.out.printf("clone %d (%d earlier clones running): %.0f ms%n", k + 1, k, sideBySide[k]);
            }
            for (int k = 0; k < runs; k++) {
                pss[k] = pss(running.get(k).pid());
            }
            // What N idle clones cost the host's CPUs: each QEMU's CPU time over 5 s, no request.
            Thread.sleep(2000);
            long[] before = new long[runs];
            for (int k = 0; k < runs; k++) {
                before[k] = cpuTicks(running.get(k).pid());
            }
            long idleStart = System.nanoTime();
            Thread.sleep(5000);
            double idleSeconds = (System.nanoTime() - idleStart) / 1e9;
            double[] idleCpu = new double[runs];
            for (int k = 0; k < runs; k++) {
                idleCpu[k] = (cpuTicks(running.get(k).pid()) - before[k]) / 100.0 / idleSeconds * 100;  // % of one core
            }
            for (VmHandle h : List.copyOf(running)) {
                stop(driver, h, running);
            }

            double[] nat = new double[runs];
            for (int k = 0; k < runs; k++) {
                int port = freePort();
                // PORT through the environment, as the guest's init gives it
                ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar", jar.toString()).redirectErrorStream(true).redirectOutput(work.resolve("native.log").toFile());
                pb.environment().put("PORT", Integer.toString(port));
                long t0 = System.nanoTime();
                Process p = pb.start();
                try {
                    nat[k] = firstOk("127.0.0.1:" + port, t0);
                } finally {
                    p.destroyForcibly();
                    p.waitFor();
                }
                System.out.printf("native %d: %.0f ms%n", k + 1, nat[k]);
            }

            double mc = median(cold), ml = median(clone), mn = median(nat), mu = median(uncached), ms = median(sideBySide);
            System.out.printf("%n%s, medians of %d, ms (min-max), load %s%n", fp.accelerator(), runs, load());
            System.out.printf("%-50s %8s %16s%n", "what", "median", "min-max");
            row("cold boot -> first 200", cold);
            row("clone restore -> first 200 (alone)", clone);
            row("  snapshot file not in the page cache", uncached);
            row("  while the earlier clones keep running", sideBySide);
            row("jar natively on the host -> first 200", nat);
            System.out.printf("clone / native %.2fx (goal under TCG <= 3x), cold / clone %.1fx (goal >= 5x)%n", ml / mn, mc / ml);
            System.out.printf("  not in the page cache: clone / native %.2fx, cold / clone %.1fx; earlier clones running: %.2fx, %.1fx%n",
                    mu / mn, mc / mu, ms / mn, mc / ms);
            double mb = snap.memoryBytes() / 1e6;
            System.out.printf("snapshot: memory %.1f MB + disk %.1f MB (sparse copy)%n", mb, snap.diskBytes() / 1e6);
            // A node without the snapshot boots cold (node-agent README). What fetching it from another
            // node instead would have cost: the file's transfer at link speed, then an uncached restore.
            System.out.printf("a node without the snapshot: cold boot %.0f ms; a fetch instead: %.0f ms at 1 Gb/s, %.0f ms at 10 Gb/s"
                    + " (transfer of %.1f MB, computed) + %.0f ms restore%n", mc, mb * 8, mb * 0.8, mb, mu);
            System.out.printf("host CPU per idle clone (%d side by side, 5 s without a request): median %.1f%% of a core (%s)%n",
                    runs, median(idleCpu), Arrays.toString(Arrays.stream(idleCpu).mapToLong(Math::round).toArray()));
            System.out.printf("host PSS per clone: alone median %.1f MiB; %d side by side median %.1f MiB (%s MiB); the cold-booted VM: %.1f MiB%n",
                    median(Arrays.stream(alonePss).asDoubleStream().toArray()) / 1024, runs,
                    median(Arrays.stream(pss).asDoubleStream().toArray()) / 1024,
                    Arrays.toString(Arrays.stream(pss).map(x -> x / 1024).toArray()), coldPss / 1024.0);
        } finally {
            if (driver != null) {
                for (VmHandle h : List.copyOf(running)) {
                    stop(driver, h, running);
                }
            }
            AgentNetworks.removeAll(state.root());
            AgentNetworks.removeTransferRoute(vmNetwork);
            StateDir.deleteTree(work);
        }
    }

    static VmSpec spec(long id, int index, LocalImage image) throws IOException {
        return new VmSpec(id, "bench/clone", index, image, MEMORY_MIB, "127.0.0.1", freePort(), EgressPolicy.DENY_ALL,
                VmSpec.DEFAULT_DISK_MIB, new InstanceEnv(Map.of("CF_INSTANCE_INDEX", Integer.toString(index),
                        "CF_INSTANCE_GUID", "bench-" + id)));
    }

    /** When the last {@link #restore} call started (System.nanoTime). */
    static long restoreStarted;

    /** Restores a clone of the stored snapshot for {@code spec}'s key; the clock starts at the call. */
    static VmHandle restore(QemuDriver driver, VmSpec spec, List<VmHandle> running) throws Exception {
        String id = driver.storedSnapshot(spec).orElseThrow(() -> new IllegalStateException("no snapshot for the clone's key"));
        restoreStarted = System.nanoTime();
        VmHandle h = driver.restore(spec, id);
        running.add(h);
        return h;
    }

    /** Drops a file's pages from the page cache (coreutils dd: posix_fadvise DONTNEED on the whole file). */
    static void dropFromPageCache(Path file) throws Exception {
        run("sync", file.toString());  // dirty pages are not dropped
        run("dd", "if=" + file, "iflag=nocache", "count=0", "status=none");
    }

    static void run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + " failed");
        }
    }

    static void stop(QemuDriver driver, VmHandle h, List<VmHandle> running) {
        driver.stop(h, Duration.ofSeconds(2));
        driver.forget(h);
        running.remove(h);
    }

    /** ms from t0 until GET / answers 200: a new try every 10 ms while nothing takes the connection. */
    static double firstOk(String endpoint, long t0) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://" + endpoint + "/").toURL().openConnection();
                c.setConnectTimeout(300);
                c.setReadTimeout(60_000);  // the JVM's first answer takes seconds: never cut it off and retry
                if (c.getResponseCode() == 200) {
                    try (InputStream in = c.getInputStream()) {
                        in.readAllBytes();
                    }
                    return (System.nanoTime() - t0) / 1e6;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("no 200 from " + endpoint + " within 180 s");
    }

    /** User + system CPU time of a process and its threads, in clock ticks (USER_HZ: 100 here). */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);  // utime, stime (fields 14 and 15)
    }

    /** Proportional set size of a process, KiB (its share of pages it shares with others). */
    static long pss(long pid) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
            if (l.startsWith("Pss:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    static void row(String what, double[] v) {
        System.out.printf("%-50s %8.0f %8.0f-%.0f%n", what, median(v), Arrays.stream(v).min().orElse(0),
                Arrays.stream(v).max().orElse(0));
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
