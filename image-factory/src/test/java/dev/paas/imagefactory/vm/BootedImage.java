package dev.paas.imagefactory.vm;

import dev.paas.imagefactory.api.StoredImage;
import dev.paas.kernel.api.VmConfig;
import dev.paas.kernel.infra.QemuVm;
import dev.paas.model.Accelerator;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** One stored image booted under QEMU (TCG) with the port forwarded to 127.0.0.1. */
final class BootedImage implements AutoCloseable {

    static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");

    final QemuVm vm;
    final Path dir;
    final int hostPort;

    private BootedImage(QemuVm vm, Path dir, int hostPort) {
        this.vm = vm;
        this.dir = dir;
        this.hostPort = hostPort;
    }

    /** Fails (never skips) when QEMU is missing. */
    static BootedImage boot(StoredImage image, Path workDir) throws IOException {
        if (!Files.isExecutable(QEMU)) {
            throw new AssertionError(QEMU + " not found: apt-get install qemu-system-x86");
        }
        Path dir = Files.createTempDirectory(workDir, "vm-");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        VmConfig config = VmConfig.builder()
                .qemu(QEMU).kernel(image.kernel()).initramfs(image.initramfs())
                .memoryMib(image.metadata().launch().memoryMib()).accelerator(Accelerator.TCG)
                .forward("127.0.0.1", port, image.metadata().launch().port())
                .stdoutLog(dir.resolve("stdout.log")).stderrLog(dir.resolve("stderr.log"))
                .build();
        return new BootedImage(QemuVm.start(config), dir, port);
    }

    /** Polls until the app answers 200 on {@code path}; the body, or empty on time-out. */
    Optional<String> awaitHttp200(String path, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hostPort + path))
                .timeout(Duration.ofSeconds(3)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && vm.isAlive()) {
            try {
                HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return Optional.of(r.body());
                }
            } catch (IOException notYet) {
                // QEMU accepts on the host port before the guest listens
            }
            Thread.sleep(100);
        }
        return Optional.empty();
    }

    String diagnostics() throws IOException {
        return "console:\n" + String.join("\n", vm.console().stream().map(QemuVm.ConsoleLine::text).toList())
                + "\nstdout:\n" + read("stdout.log") + "\nstderr:\n" + read("stderr.log") + "\nqemu:\n" + vm.qemuErrors();
    }

    String read(String name) throws IOException {
        Path p = dir.resolve(name);
        return Files.exists(p) ? Files.readString(p) : "";
    }

    @Override
    public void close() {
        vm.close();
    }
}
