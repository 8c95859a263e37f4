import dev.paas.kernel.api.Accelerators;
import dev.paas.kernel.api.ExitRecord;
import dev.paas.kernel.api.GuestArtifacts;
import dev.paas.kernel.api.GuestDisk;
import dev.paas.kernel.api.Guests;
import dev.paas.kernel.api.LaunchSpec;
import dev.paas.kernel.api.VmConfig;
import dev.paas.kernel.infra.Initramfs;
import dev.paas.kernel.infra.KvmProbe;
import dev.paas.kernel.infra.QemuVm;
import dev.paas.model.Accelerator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The boot benchmark behind bench/boot/run.sh. For each kernel variant it boots the fixture
 * server N times and records, from the host's clock: when the init's first console line arrived
 * (and the guest uptime it reports, i.e. the kernel's share), and when the first HTTP 200 came
 * back through hostfwd. Then it starts the same binary natively N times. Prints medians.
 */
public class BootBench {

    static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");

    /** Cloud Foundry's default disk_quota: what the node agent gives an app that sets none. */
    static final int DISK_MIB = 1024;

    record Run(double initMs, double kernelMs, double first200Ms, double stopMs, double diskMs, double initToAppMs) {}

    public static void main(String[] args) throws Exception {
        int runs = 5;
        String accelArg = "auto";
        List<String> variants = List.of("vmlinux", "bzImage");
        Path fixture = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--accel" -> accelArg = args[++i];
                case "--variants" -> variants = Arrays.asList(args[++i].split(","));
                case "--fixture" -> fixture = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        GuestArtifacts guest = Guests.obtain(Guests.defaultCacheDir(), System.err::println);
        Path work = Files.createTempDirectory("paas-boot-bench-");

        Accelerator accel;
        String why;
        if (accelArg.equals("auto")) {
            Accelerators.Probe probe = Accelerators.probe(QEMU, guest, work, Accelerators.DEFAULT_TIMEOUT);
            accel = probe.accelerator();
            why = probe.reason() + ", probe took " + probe.took().toMillis() + " ms";
        } else {
            accel = Accelerator.valueOf(accelArg.toUpperCase());
            why = "forced with --accel";
        }

        Path initramfs = work.resolve("initramfs.cpio");
        LaunchSpec spec = LaunchSpec.of("fixture serve", "/app", 8080, 5, Map.of("PATH", "/app:/bin"));
        Initramfs.withBaseLayout(guest.init())
                .file(LaunchSpec.PATH_IN_INITRAMFS, spec.render())
                .file("/app/fixture", Files.readAllBytes(fixture), 0755)
                .write(initramfs);

        String loadBefore = Files.readString(Path.of("/proc/loadavg")).strip();
        List<String> rows = new ArrayList<>();
        double nativeMedian = nativeMedian(fixture, runs);
        // Runs interleave the variants (run 1 of each, then run 2 of each...), so a change of the
        // host's load during the bench touches every variant alike.
        Map<String, List<Run>> byVariant = new java.util.LinkedHashMap<>();
        variants.forEach(v -> byVariant.put(v, new ArrayList<>()));
        for (int r = 0; r < runs; r++) {
            for (String variant : variants) {
                // "vmlinux+disk": with the writable disk the node agent attaches (made before each boot).
                Path kernel = variant.startsWith("bzImage") ? guest.bzImage() : guest.vmlinux();
                int diskMib = variant.endsWith("+disk") ? DISK_MIB : 0;
                Run run = bootOnce(kernel, initramfs, accel, work, spec.port(), diskMib);
                byVariant.get(variant).add(run);
                System.err.printf("  %s run %d: first 200 after %.0f ms%n", variant, r + 1, run.first200Ms());
            }
        }
        for (String variant : variants) {
            List<Run> results = byVariant.get(variant);
            double first200 = median(results.stream().mapToDouble(Run::first200Ms).toArray());
            double init = median(results.stream().mapToDouble(Run::initMs).toArray());
            double kernelMs = median(results.stream().mapToDouble(Run::kernelMs).toArray());
            double[] all = results.stream().mapToDouble(Run::first200Ms).sorted().toArray();
            rows.add(String.format("| microvm + %-16s | %8.1f | %8.0f | %8.0f | %8.0f | %8.0f | %8.0f | %5.0f-%-5.0f | %8.0f | %7.0f× |",
                    (variant.startsWith("bzImage") ? "bzImage" : "vmlinux (PVH)") + (variant.endsWith("+disk") ? " + 1G disk" : ""),
                    median(results.stream().mapToDouble(Run::diskMs).toArray()),
                    init - kernelMs, kernelMs, init, median(results.stream().mapToDouble(Run::initToAppMs).toArray()), first200, all[0], all[all.length - 1],
                    median(results.stream().mapToDouble(Run::stopMs).toArray()), first200 / nativeMedian));
        }

        System.out.printf("%nBoot benchmark: QEMU start -> first HTTP 200 of the static fixture server, "
                + "median of %d runs (ms)%n", runs);
        System.out.printf("accelerator: %s (%s); QEMU 7.2 -M microvm,acpi=off; %d MiB, 1 vCPU; TCG cache %d MiB; %s%n",
                accel.name().toLowerCase(), why, 128, VmConfig.SMALL_TCG_CACHE_MIB,
                Runtime.getRuntime().availableProcessors() + " host CPUs");
        System.out.printf("sizes: vmlinux %s, bzImage %s, init %s, fixture %s, initramfs %s%n%n",
                size(guest.vmlinux()), size(guest.bzImage()), size(guest.init()), size(fixture), size(initramfs));
        System.out.printf("host load average before / after: %s / %s%n%n", loadBefore,
                Files.readString(Path.of("/proc/loadavg")).strip());
        System.out.println("| variant                    | disk made | →kernel  | kernel   | →init    | init→app | →first 200 | min-max     | stop→exit | vs native |");
        System.out.println("|----------------------------|-----------|----------|----------|----------|----------|------------|-------------|-----------|-----------|");
        rows.forEach(System.out::println);
        System.out.printf("| native host process        |         - |        - |        - |        - |        - | %8.1f |             |         - |      1× |%n",
                nativeMedian);
        System.out.println();
        System.out.println("→kernel: QEMU start until the kernel's clock starts (host time of init's first line minus");
        System.out.println("the guest uptime it reports); kernel: guest uptime when /init starts; →init: QEMU start until");
        System.out.println("the init's first console line; init→app: guest uptime from the init's start to its 'app pid='");
        System.out.println("line (spec, user, and the disk's mount and overlay); →first 200: QEMU start until the first HTTP 200 through");
        System.out.println("hostfwd; stop→exit: control-port stop request until QEMU exited (SIGTERM path); disk made:");
        System.out.println("GuestDisk.create of the 1G sparse file with its ext4, before QEMU starts (not in →first 200).");
    }

    static Run bootOnce(Path kernel, Path initramfs, Accelerator accel, Path work, int guestPort, int diskMib)
            throws Exception {
        Path dir = Files.createTempDirectory(work, "run-");
        int port = KvmProbe.freePort();
        Path disk = null;
        double diskMs = 0;
        if (diskMib > 0) {
            disk = dir.resolve("disk.img");
            long t0 = System.nanoTime();
            GuestDisk.create(disk, diskMib);
            diskMs = (System.nanoTime() - t0) / 1e6;
        }
        VmConfig config = VmConfig.builder().qemu(QEMU).kernel(kernel).initramfs(initramfs)
                // The TCG cache the node agent gives a small native program such as this server.
                .memoryMib(128).accelerator(accel).tcgCacheMib(VmConfig.SMALL_TCG_CACHE_MIB).forward("127.0.0.1", port, guestPort)
                .stdoutLog(dir.resolve("stdout.log")).stderrLog(dir.resolve("stderr.log"))
                .controlSocket(dir.resolve("control.sock")).disk(disk).build();
        try (QemuVm vm = QemuVm.start(config)) {
            long t200 = awaitHttp200(port, vm, Duration.ofSeconds(60));
            if (t200 < 0) {
                throw new IllegalStateException("no HTTP 200; console:\n" + vm.console() + vm.qemuErrors());
            }
            double first200 = (t200 - vm.startNanos()) / 1e6;
            QemuVm.ConsoleLine init = vm.awaitLine(l -> l.startsWith("paas-init: start"), Duration.ofSeconds(5))
                    .orElseThrow();
            long uptime = Long.parseLong(init.text().replaceAll(".*uptime_ms=", ""));
            // The init's own work before the app starts (spec, user, the disk's mount and overlay),
            // in guest time: what the host's load does to QEMU's start does not blur it.
            long appUptime = Long.parseLong(vm.awaitLine(l -> l.startsWith("paas-init: app pid="), Duration.ofSeconds(5))
                    .orElseThrow().text().replaceAll(".*uptime_ms=", ""));
            long stopAt = System.nanoTime();
            vm.requestStop();
            Optional<ExitRecord> record = vm.awaitExit(Duration.ofSeconds(30));
            double stopMs = (System.nanoTime() - stopAt) / 1e6;
            if (record.isEmpty()) {
                throw new IllegalStateException("no exit record after stop");
            }
            if (disk != null) {
                Files.delete(disk);
            }
            return new Run(init.atNanos() / 1e6, uptime, first200, stopMs, diskMs, appUptime - uptime);
        }
    }

    static double nativeMedian(Path fixture, int runs) throws Exception {
        double[] t = new double[runs];
        for (int r = 0; r < runs; r++) {
            int port = KvmProbe.freePort();
            ProcessBuilder pb = new ProcessBuilder(fixture.toString(), "serve")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("PORT", Integer.toString(port));
            long t0 = System.nanoTime();
            Process p = pb.start();
            try {
                long t200 = awaitHttp200(port, null, Duration.ofSeconds(10));
                t[r] = (t200 - t0) / 1e6;
            } finally {
                p.destroy();
                p.waitFor();
            }
        }
        return median(t);
    }

    /**
     * Starts a new HTTP/1.0 request every 10 ms, each on its own thread, and returns the
     * System.nanoTime() of the first 200. Staggered attempts matter: a connection that QEMU's
     * user network accepted before the guest's NIC was up waits for a TCP retransmission (seconds),
     * which would inflate the number; a fresh attempt does not.
     */
    static long awaitHttp200(int port, QemuVm vm, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        AtomicLong winner = new AtomicLong(-1);
        CountDownLatch done = new CountDownLatch(1);
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "http-probe");
            t.setDaemon(true);
            return t;
        });
        try {
            while (System.nanoTime() < deadline && (vm == null || vm.isAlive())) {
                pool.submit(() -> {
                    if (answers200(port) && winner.compareAndSet(-1, System.nanoTime())) {
                        done.countDown();
                    }
                });
                if (done.await(10, TimeUnit.MILLISECONDS)) {
                    break;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return winner.get();
    }

    static boolean answers200(int port) {
        byte[] req = "GET / HTTP/1.0\r\nHost: bench\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(req);
            byte[] head = s.getInputStream().readNBytes(12);
            return new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.0 200");
        } catch (IOException notYet) {
            return false;
        }
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static String size(Path p) throws IOException {
        long b = Files.size(p);
        return b >= 1 << 20 ? String.format("%.2f MB", b / 1048576.0) : String.format("%.0f KB", b / 1024.0);
    }
}
