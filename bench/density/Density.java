import dev.paas.kernel.api.GuestArtifacts;
import dev.paas.kernel.api.Guests;
import dev.paas.kernel.api.LaunchSpec;
import dev.paas.kernel.api.VmConfig;
import dev.paas.kernel.infra.Initramfs;
import dev.paas.nodeagent.api.LocalImage;
import dev.paas.nodeagent.api.VmHandle;
import dev.paas.nodeagent.api.VmSpec;
import dev.paas.nodeagent.infra.AgentNetworks;
import dev.paas.nodeagent.infra.QemuDriver;
import dev.paas.nodeagent.infra.StateDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Density benchmark: boots N idle instances of a static HTTP app through the node agent's QEMU
 * driver (the same argv the agent uses), waits until each answers, lets them idle, then prints
 * per instance the QEMU process's host RSS beside the guest RAM it has touched (the resident
 * part of the guest-RAM mapping in /proc/PID/smaps) and the difference, QEMU's own overhead.
 *
 * Once per data path (env NETWORK, default "user,netns": QEMU user networking with a hostfwd, the
 * baseline, and the agent's default netns path), side by side.
 *
 * Usage: java -cp node-agent/target/paas-node-agent.jar bench/density/Density.java APP_BINARY [N] [MEMORY_MIB] [IDLE_S]
 */
public class Density {

    static final String VM_NETWORK = "10.252.0.0/16";

    /** One data path's result: mean {RSS, PSS, private, guest touched} and the networks' kernel memory. */
    record Result(String network, double[] mean, double kernelKibPerInstance) {}

    public static void main(String[] args) throws Exception {
        Path app = Path.of(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int mib = args.length > 2 ? Integer.parseInt(args[2]) : 128;
        int idle = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        // user: QEMU user networking with a hostfwd (the old path, the baseline); netns: the agent's default.
        List<String> networks = List.of(System.getenv().getOrDefault("NETWORK", "user,netns").split(","));
        boolean vmlinux = "vmlinux".equals(System.getenv("KERNEL"));
        String loadBefore = load();
        List<Result> results = new ArrayList<>();
        for (String network : networks) {
            results.add(run(network, app, n, mib, idle, vmlinux));
        }
        System.out.printf("%nDensity: %d idle instances x %d MiB, TCG, %s; QEMU's memory above the guest RAM it touched,"
                + " mean per instance (MiB); load average before / after: %s / %s%n", n, mib, vmlinux ? "vmlinux" : "bzImage",
                loadBefore, load());
        System.out.println("| data path | RSS    | PSS    | private | ÷ user (PSS) | network kernel memory |");
        System.out.println("|-----------|--------|--------|---------|--------------|-----------------------|");
        double[] base = results.stream().filter(r -> r.network().equals("user")).findFirst().map(Result::mean).orElse(null);
        for (Result r : results) {
            double[] m = r.mean();
            System.out.printf("| %-9s | %6.1f | %6.1f | %7.1f | %12s | %21s |%n", r.network(), m[0] - m[3], m[1] - m[3],
                    m[2] - m[3], base == null ? "-" : String.format("%.2f×", (m[1] - m[3]) / (base[1] - base[3])),
                    Double.isNaN(r.kernelKibPerInstance()) ? "-" : String.format("~%.0f KiB", r.kernelKibPerInstance()));
        }
        System.out.println("(goal: <= 40 MiB per idle instance above its guest, by PSS and by private memory; network kernel"
                + " memory: Slab + Percpu of /proc/meminfo before and after the networks were removed, divided by N:"
                + " approximate, other work on the host moves it too)");
    }

    static Result run(String network, Path app, int n, int mib, int idle, boolean vmlinux) throws Exception {
        Path work = Files.createTempDirectory("paas-density-");
        StateDir state = new StateDir(work.resolve("state"));
        GuestArtifacts guest = Guests.obtain();
        Path img = state.images().resolve("density");
        Files.createDirectories(img);
        // The kernel form the image factory puts into images (bzImage) unless KERNEL=vmlinux asks otherwise.
        Files.copy(vmlinux ? guest.vmlinux() : guest.bzImage(), img.resolve("kernel"), StandardCopyOption.REPLACE_EXISTING);
        Initramfs.withBaseLayout(guest.init())
                .file("/app/app", Files.readAllBytes(app), 0755)
                .file(LaunchSpec.PATH_IN_INITRAMFS, LaunchSpec.of("/app/app", "/app", 8080, 5, Map.of()).render())
                .write(img.resolve("initrd"));
        LocalImage image = new LocalImage("density", img.resolve("kernel"), img.resolve("initrd"), List.of(), 8080,
                VmConfig.SMALL_TCG_CACHE_MIB);  // what the agent gives a small native program (ImageMetadata.tcgCacheMib)
        Path qemu = Path.of("/usr/bin/qemu-system-x86_64");
        QemuDriver driver = network.equals("netns")
                ? AgentNetworks.netnsDriver(qemu, state, QemuDriver.AcceleratorMode.TCG, n * mib, "127.0.0.1", VM_NETWORK)
                : new QemuDriver(qemu, state, state.images(), QemuDriver.AcceleratorMode.TCG, n * mib, Clock.systemUTC());
        driver.fingerprint();
        List<VmHandle> vms = new ArrayList<>();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        double kernelKib = Double.NaN;
        double[] sum = new double[4];
        try {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                vms.add(driver.start(new VmSpec(1000 + i, "bench/density", i, image, mib, "127.0.0.1",
                        freePort())));
            }
            for (VmHandle h : vms) {
                awaitHttp(http, h.endpoint());
            }
            System.out.printf("%n[%s] %d instances answering after %.1f s; idling %d s%n", network, n,
                    (System.nanoTime() - t0) / 1e9, idle);
            Thread.sleep(idle * 1000L);
            System.out.printf("%-4s %-8s %9s %9s %9s %13s | %-26s%n", "idx", "pid", "RSS", "PSS", "private", "guest touched",
                    "overhead: RSS / PSS / private");
            for (VmHandle h : vms) {
                double[] m = measure(h.pid(), mib);
                for (int k = 0; k < 4; k++) {
                    sum[k] += m[k];
                }
                System.out.printf("%-4d %-8d %9.1f %9.1f %9.1f %13.1f | %6.1f / %6.1f / %6.1f MiB%n", h.index(), h.pid(),
                        m[0], m[1], m[2], m[3], m[0] - m[3], m[1] - m[3], m[2] - m[3]);
            }
            System.out.printf("mean %-8s %9.1f %9.1f %9.1f %13.1f | %6.1f / %6.1f / %6.1f MiB%n", "", sum[0] / n, sum[1] / n,
                    sum[2] / n, sum[3] / n, (sum[0] - sum[3]) / n, (sum[1] - sum[3]) / n, (sum[2] - sum[3]) / n);
        } finally {
            for (VmHandle h : vms) {
                driver.stop(h, Duration.ofSeconds(2));
            }
            // The networks outlive their VMs until forgotten: what they hold is what goes now.
            Thread.sleep(2000);
            long before = kernelKib();
            long vethsBefore = hostVeths();
            for (VmHandle h : vms) {
                driver.forget(h);
            }
            if (network.equals("netns")) {
                // Namespaces are freed asynchronously after "ip netns delete"; a host veth goes with its namespace.
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (hostVeths() > vethsBefore - vms.size() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                Thread.sleep(1000);  // RCU-freed objects
                kernelKib = (before - kernelKib()) / (double) n;
                AgentNetworks.removeAll(state.root());
                AgentNetworks.removeTransferRoute(VM_NETWORK);
            }
            StateDir.deleteTree(work);
        }
        return new Result(network, new double[] {sum[0] / n, sum[1] / n, sum[2] / n, sum[3] / n}, kernelKib);
    }

    /** Slab + Percpu of /proc/meminfo, KiB: where namespaces, devices, conntrack and nft rules live. */
    private static long kernelKib() throws Exception {
        long kib = 0;
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            String[] f = line.split("\\s+");
            if (f[0].equals("Slab:") || f[0].equals("Percpu:")) {
                kib += Long.parseLong(f[1]);
            }
        }
        return kib;
    }

    /** Host ends of instance veths (every agent's: "pv" + tag + port). */
    private static long hostVeths() throws Exception {
        try (var names = Files.list(Path.of("/sys/class/net"))) {
            return names.filter(p -> p.getFileName().toString().startsWith("pv")).count();
        }
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String load() throws Exception {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    private static void awaitHttp(HttpClient http, String endpoint) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                var r = http.send(HttpRequest.newBuilder(URI.create("http://" + endpoint + "/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (Exception e) {
                // still booting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(endpoint + " did not answer");
    }

    /**
     * {RSS, PSS, anonymous, guest touched} in MiB; guest touched = RSS of the anonymous mapping the
     * size of the guest's memory.
     */
    private static double[] measure(long pid, int mib) throws Exception {
        long total = 0, guest = 0, pss = 0, anon = 0;
        long size = 0;
        boolean candidate = false;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 0 && f[0].matches("[0-9a-f]+-[0-9a-f]+")) {
                String[] range = f[0].split("-");
                size = (Long.parseUnsignedLong(range[1], 16) - Long.parseUnsignedLong(range[0], 16)) >> 10;
                candidate = f.length < 6 && size >= mib * 1024L && size <= (mib + 4) * 1024L;
            } else if (f[0].equals("Pss:")) {
                pss += Long.parseLong(f[1]);
            } else if (f[0].equals("Anonymous:")) {
                anon += Long.parseLong(f[1]);
            } else if (f[0].equals("Rss:")) {
                long kb = Long.parseLong(f[1]);
                total += kb;
                if (candidate) {
                    guest = Math.max(guest, kb);
                }
            }
        }
        return new double[] {total / 1024.0, pss / 1024.0, anon / 1024.0, guest / 1024.0};
    }
}
