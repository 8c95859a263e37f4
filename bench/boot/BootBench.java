import dev.paas.kernel.api.GuestArtifacts;
import dev.paas.kernel.api.Guests;
import dev.paas.kernel.api.LaunchSpec;
import dev.paas.kernel.api.VmConfig;
import dev.paas.kernel.infra.Initramfs;
import dev.paas.kernel.infra.KvmProbe;
import dev.paas.nodeagent.api.LocalImage;
import dev.paas.nodeagent.api.VmHandle;
import dev.paas.nodeagent.api.VmSpec;
import dev.paas.nodeagent.api.VmStatus;
import dev.paas.nodeagent.infra.AgentNetworks;
import dev.paas.nodeagent.infra.QemuDriver;
import dev.paas.nodeagent.infra.StateDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The boot benchmark behind bench/boot/run.sh. Boots the fixture server N times per kernel
 * variant and data path through the node agent's own {@link QemuDriver} (the argv, the kernel
 * command line and the network set-up the agent uses) and records, from the host's clock, the
 * time from the driver's start call (network set-up included) until the first HTTP 200 through
 * the instance's endpoint, plus the guest uptimes the init reports. Data paths: {@code user}
 * (QEMU user networking with a hostfwd, the old path and the baseline) and {@code netns} (the
 * agent's default: namespace, veth, tap, nftables; needs root). Then it starts the same binary
 * natively N times. Prints medians and each row's ratio to the baseline and to native.
 */
public class BootBench {

    static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");
    static final Pattern NET_MS = Pattern.compile("vm\\.network-ready .* ms=(\\d+)");
    static final Pattern RULES_MS = Pattern.compile("vm\\.network-complete .* ms=(\\d+)");
    static final Pattern UPTIME = Pattern.compile("uptime_ms=(\\d+)");

    record Run(double netMs, double rulesMs, double kernelMs, double listeningMs, double first200Ms, double stopMs) {}

    record Row(String network, String variant, List<Run> runs) {
        double median(java.util.function.ToDoubleFunction<Run> f) {
            return BootBench.median(runs.stream().mapToDouble(f).toArray());
        }
    }

    public static void main(String[] args) throws Exception {
        int runs = 5;
        String accelArg = "auto";
        List<String> variants = List.of("vmlinux", "bzImage");
        List<String> networks = List.of("user", "netns");
        boolean networksAsked = false;
        String vmNetwork = "10.252.0.0/16";
        Path fixture = null;
        Path kernels = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--accel" -> accelArg = args[++i];
                case "--variants" -> variants = Arrays.asList(args[++i].split(","));
                case "--network" -> {
                    networks = Arrays.asList(args[++i].split(","));
                    networksAsked = true;
                }
                case "--vm-network" -> vmNetwork = args[++i];
                case "--kernels" -> kernels = Path.of(args[++i]);
                case "--fixture" -> fixture = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        for (String n : networks) {
            if (!n.equals("user") && !n.equals("netns")) {
                throw new IllegalArgumentException("--network takes user and/or netns, got: " + n);
            }
        }
        GuestArtifacts guest = Guests.obtain(Guests.defaultCacheDir(), System.err::println);
        Path kernelDir = kernels != null ? kernels : guest.vmlinux().getParent();
        QemuDriver.AcceleratorMode mode = QemuDriver.AcceleratorMode.valueOf(accelArg.toUpperCase());
        NetReadyLog netLog = NetReadyLog.install();

        Path work = Files.createTempDirectory("paas-boot-bench-");
        String loadBefore = loadAverage();
        List<Row> rows = new ArrayList<>();
        List<AutoCloseable> cleanups = new ArrayList<>();
        String accelerator = "?";
        String why = "";
        try {
            double nativeMedian = nativeMedian(fixture, runs);
            long instanceId = 1000;
            for (String network : networks) {
                StateDir state = new StateDir(work.resolve(network));
                QemuDriver driver;
                if (network.equals("user")) {
                    driver = new QemuDriver(QEMU, state, state.images(), mode, 4096, Clock.systemUTC());
                } else {
                    String range = vmNetwork;
                    try {
                        driver = AgentNetworks.netnsDriver(QEMU, state, mode, 4096, "127.0.0.1", range);
                    } catch (IOException e) {
                        if (networksAsked) {
                            throw e;
                        }
                        System.err.println("netns data path skipped (" + e.getMessage() + "); --network netns insists");
                        continue;
                    }
                    cleanups.add(() -> {
                        AgentNetworks.removeAll(state.root());
                        AgentNetworks.removeTransferRoute(range);
                    });
                }
                var fp = driver.fingerprint();
                accelerator = fp.accelerator().name().toLowerCase();
                why = fp.acceleratorReason();
                for (String variant : variants) {
                    LocalImage image = image(state, variant, kernelDir, guest, fixture);
                    List<Run> results = new ArrayList<>();
                    for (int r = 0; r < runs; r++) {
                        Run run = bootOnce(driver, image, ++instanceId, state, netLog);
                        results.add(run);
                        System.err.printf("  %s %s run %d: network %.0f ms, first 200 after %.0f ms (load %s)%n",
                                network, variant, r + 1, run.netMs(), run.first200Ms(), loadAverage());
                    }
                    rows.add(new Row(network, variant, results));
                }
            }
            print(rows, runs, nativeMedian, accelerator, why, loadBefore, guest, kernelDir, fixture);
        } finally {
            for (AutoCloseable c : cleanups) {
                c.close();
            }
            StateDir.deleteTree(work);
        }
    }

    static LocalImage image(StateDir state, String variant, Path kernelDir, GuestArtifacts guest, Path fixture)
            throws IOException {
        Path dir = state.images().resolve("bench-" + variant);
        Files.createDirectories(dir);
        Path kernel = dir.resolve("kernel");
        Files.copy(kernelDir.resolve(variant.equals("bzImage") ? "bzImage" : "vmlinux"), kernel);
        Path initrd = dir.resolve("initrd");
        LaunchSpec spec = LaunchSpec.of("fixture serve", "/app", 8080, 5, Map.of("PATH", "/app:/bin"));
        Initramfs.withBaseLayout(guest.init())
                .file(LaunchSpec.PATH_IN_INITRAMFS, spec.render())
                .file("/app/fixture", Files.readAllBytes(fixture), 0755)
                .write(initrd);
        // No command line of its own: the agent's default, as for an image the factory built.
        return new LocalImage("bench-" + variant, kernel, initrd, List.of(), spec.port(), VmConfig.SMALL_TCG_CACHE_MIB);
    }

    static Run bootOnce(QemuDriver driver, LocalImage image, long id, StateDir state, NetReadyLog netLog)
            throws Exception {
        int port = KvmProbe.freePort();
        ExecutorService probe = Executors.newSingleThreadExecutor();
        netLog.clear();
        long t0 = System.nanoTime();
        // The probe runs from the start call on: the driver returns only after QEMU has lived 300 ms.
        Future<Long> first = probe.submit(() -> awaitHttp200(port, Duration.ofSeconds(60)));
        VmHandle h = null;
        try {
            h = driver.start(new VmSpec(id, "bench/boot", 0, image, 128, "127.0.0.1", port));
            long t200 = first.get();
            if (t200 < 0) {
                throw new IllegalStateException("no HTTP 200; console:\n"
                        + Files.readString(state.vmDir(id).resolve("console.log")));
            }
            long stopAt = System.nanoTime();
            VmStatus status = driver.stop(h, Duration.ofSeconds(30));
            double stopMs = (System.nanoTime() - stopAt) / 1e6;
            if (status.alive()) {
                throw new IllegalStateException("still running after stop");
            }
            // Read after the stop: the init may see the app listen only after it has answered.
            String console = Files.readString(state.vmDir(id).resolve("console.log"));
            return new Run(netLog.lastMs(), netLog.rulesMs(), uptime(console, "paas-init: start"), uptime(console, "paas-init: app listening"),
                    (t200 - t0) / 1e6, stopMs);
        } finally {
            probe.shutdownNow();
            if (h != null) {
                driver.forget(h);
            }
        }
    }

    static double uptime(String console, String prefix) {
        for (String line : console.split("\n")) {
            if (line.startsWith(prefix)) {
                Matcher m = UPTIME.matcher(line);
                if (m.find()) {
                    return Long.parseLong(m.group(1));
                }
            }
        }
        return Double.NaN;
    }

    static void print(List<Row> rows, int runs, double nativeMedian, String accel, String why, String loadBefore,
                      GuestArtifacts guest, Path kernelDir, Path fixture) throws IOException {
        System.out.printf("%nBoot benchmark: the node agent's start call (network set-up included) -> first HTTP 200 "
                + "through the instance's endpoint, static fixture server, median of %d runs (ms)%n", runs);
        System.out.printf("accelerator: %s (%s); QEMU 7.2 -M microvm,acpi=off; 128 MiB, 1 vCPU; TCG cache %d MiB; "
                + "%d host CPUs%n", accel, why, VmConfig.SMALL_TCG_CACHE_MIB, Runtime.getRuntime().availableProcessors());
        System.out.printf("kernel: %s (vmlinux %s, bzImage %s); init %s, fixture %s%n", kernelDir,
                size(kernelDir.resolve("vmlinux")), size(kernelDir.resolve("bzImage")), size(guest.init()), size(fixture));
        System.out.printf("host load average before / after: %s / %s%n%n", loadBefore, loadAverage());
        System.out.println("| data path | variant | network | rules ‖ | →init   | listening | →first 200 | min-max     "
                + "| stop→exit | ÷ user | ÷ native |");
        System.out.println("|-----------|---------|---------|---------|---------|-----------|------------|-------------"
                + "|-----------|--------|----------|");
        for (Row row : rows) {
            double first = row.median(Run::first200Ms);
            double[] all = row.runs().stream().mapToDouble(Run::first200Ms).sorted().toArray();
            String vsUser = rows.stream().filter(b -> b.network().equals("user") && b.variant().equals(row.variant()))
                    .findFirst().map(b -> String.format("%5.2f×", first / b.median(Run::first200Ms))).orElse("     -");
            System.out.printf("| %-9s | %-7s | %7s | %7s | %7.0f | %9.0f | %10.0f | %5.0f-%-5.0f | %9.0f | %6s | %7.0f× |%n",
                    row.network(), row.variant(),
                    row.network().equals("user") ? "-" : String.format("%.0f", row.median(Run::netMs)),
                    row.network().equals("user") ? "-" : String.format("%.0f", row.median(Run::rulesMs)),
                    row.median(Run::kernelMs), row.median(Run::listeningMs), first, all[0], all[all.length - 1],
                    row.median(Run::stopMs), vsUser, first / nativeMedian);
        }
        System.out.printf("| native    | -       |       - |       - |       - |         - | %10.1f |             "
                + "|         - |      - |       1× |%n", nativeMedian);
        System.out.println();
        System.out.println("network: the agent's network set-up before QEMU starts (namespace and tap, vm.network-ready);");
        System.out.println("rules ‖: the rest (veth, sysctls, nftables, routes, the endpoint's DNAT), done while the guest");
        System.out.println("boots (vm.network-complete); →init: guest uptime when /init starts; listening: guest");
        System.out.println("uptime when the init saw the app listen; →first 200: the driver's start call until the first");
        System.out.println("HTTP 200 through the endpoint (user: QEMU's hostfwd; netns: the host's DNAT); stop→exit: the");
        System.out.println("driver's stop until QEMU exited; ÷ user: against the old data path, same kernel; goal (netns,");
        System.out.println("TCG): →first 200 ≤ 1000 ms.");
    }

    static String loadAverage() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
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
                long t200 = awaitHttp200(port, Duration.ofSeconds(10));
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
     * user network accepted before the guest's NIC was up, or a SYN the DNAT sent to a guest not
     * yet answering ARP, waits for a TCP retransmission (seconds); a fresh attempt does not.
     */
    static long awaitHttp200(int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        AtomicLong winner = new AtomicLong(-1);
        CountDownLatch done = new CountDownLatch(1);
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "http-probe");
            t.setDaemon(true);
            return t;
        });
        try {
            while (System.nanoTime() < deadline) {
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
            // Short time-outs keep the attempts in flight few (about 50): each one the guest cannot
            // answer yet is a socket QEMU's user network or the guest's TCP stack has to carry.
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(500);
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

    /** The agent's "vm.network-ready ... ms=N" log line (System.Logger goes to java.util.logging). */
    static final class NetReadyLog extends Handler {
        /** Held: java.util.logging keeps loggers only weakly, and a collected one forgets its handler. */
        private static final java.util.logging.Logger QEMU_LOG = java.util.logging.Logger.getLogger("dev.paas.nodeagent.qemu");
        private volatile double lastMs = Double.NaN;
        private volatile double rulesMs = Double.NaN;

        static NetReadyLog install() {
            NetReadyLog h = new NetReadyLog();
            QEMU_LOG.addHandler(h);
            return h;
        }

        void clear() {
            lastMs = Double.NaN;
            rulesMs = Double.NaN;
        }

        double rulesMs() {
            return rulesMs;
        }

        double lastMs() {
            return lastMs;
        }

        @Override
        public void publish(LogRecord r) {
            Matcher m = NET_MS.matcher(String.valueOf(r.getMessage()));
            if (m.find()) {
                lastMs = Long.parseLong(m.group(1));
            }
            Matcher rules = RULES_MS.matcher(String.valueOf(r.getMessage()));
            if (rules.find()) {
                rulesMs = Long.parseLong(rules.group(1));
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
