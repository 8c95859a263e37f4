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
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One static instance (the kernel module's fixture server, bzImage, 128 MiB, TCG) booted through
 * the node agent's driver on 127.0.0.1:PORT with the given data path (user: QEMU user networking
 * with a hostfwd; netns: namespace, veth, tap, nftables). Prints "READY" once it answers HTTP 200,
 * then runs until SIGTERM, when it stops the VM and removes its network and files.
 *
 * Usage: java -cp node-agent/target/paas-node-agent.jar bench/net/OneInstance.java user|netns PORT FIXTURE
 */
public class OneInstance {

    static final String VM_NETWORK = "10.252.0.0/16";

    public static void main(String[] args) throws Exception {
        String network = args[0];
        int port = Integer.parseInt(args[1]);
        Path fixture = Path.of(args[2]);
        Path work = Files.createTempDirectory("paas-net-bench-");
        StateDir state = new StateDir(work.resolve("state"));
        GuestArtifacts guest = Guests.obtain();
        Path img = state.images().resolve("net");
        Files.createDirectories(img);
        Files.copy(guest.bzImage(), img.resolve("kernel"));
        LaunchSpec spec = LaunchSpec.of("fixture serve", "/app", 8080, 5, Map.of("PATH", "/app:/bin"));
        Initramfs.withBaseLayout(guest.init())
                .file(LaunchSpec.PATH_IN_INITRAMFS, spec.render())
                .file("/app/fixture", Files.readAllBytes(fixture), 0755)
                .write(img.resolve("initrd"));
        LocalImage image = new LocalImage("net", img.resolve("kernel"), img.resolve("initrd"), List.of(), 8080,
                VmConfig.SMALL_TCG_CACHE_MIB);
        Path qemu = Path.of("/usr/bin/qemu-system-x86_64");
        QemuDriver driver = switch (network) {
            case "user" -> new QemuDriver(qemu, state, state.images(), QemuDriver.AcceleratorMode.TCG, 1024,
                    Clock.systemUTC());
            case "netns" -> AgentNetworks.netnsDriver(qemu, state, QemuDriver.AcceleratorMode.TCG, 1024, "127.0.0.1",
                    VM_NETWORK);
            default -> throw new IllegalArgumentException("data path must be user or netns, got: " + network);
        };
        driver.fingerprint();
        VmHandle h = driver.start(new VmSpec(1, "bench/net", 0, image, 128, "127.0.0.1", port));
        Object done = new Object();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                driver.stop(h, Duration.ofSeconds(2));
                driver.forget(h);
                if (network.equals("netns")) {
                    AgentNetworks.removeAll(state.root());
                    AgentNetworks.removeTransferRoute(VM_NETWORK);
                }
                StateDir.deleteTree(work);
            } catch (Exception e) {
                System.err.println("clean-up failed: " + e);
            }
        }));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    break;
                }
            } catch (Exception notYet) {
                // booting
            }
            if (System.nanoTime() > deadline) {
                System.err.println("no HTTP 200 within 60 s");
                System.exit(1);
            }
            Thread.sleep(50);
        }
        System.out.println("READY pid=" + h.pid() + " endpoint=" + h.endpoint());
        synchronized (done) {
            done.wait();
        }
    }
}
