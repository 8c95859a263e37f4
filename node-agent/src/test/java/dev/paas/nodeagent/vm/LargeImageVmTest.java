package dev.paas.nodeagent.vm;

import dev.paas.imagefactory.api.BuildRequest;
import dev.paas.imagefactory.api.BuildResult;
import dev.paas.imagefactory.api.ImageFactory;
import dev.paas.imagefactory.api.StoredImage;
import dev.paas.kernel.api.Guests;
import dev.paas.nodeagent.api.LocalImage;
import dev.paas.nodeagent.api.VmHandle;
import dev.paas.nodeagent.api.VmSpec;
import dev.paas.nodeagent.api.VmStatus;
import dev.paas.nodeagent.infra.ImageCache;
import dev.paas.nodeagent.infra.QemuDriver;
import dev.paas.nodeagent.infra.StateDir;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17's large image: a {@code docker save} tarball of 208 MiB of incompressible files plus
 * busybox httpd, built by the real image factory (files on a read-only erofs root disk), carried
 * to the agent as the control plane serves it (a tar of {@code image.json}, kernel, initramfs and
 * {@code root.erofs}, verified by the image cache) and booted by the agent's QEMU driver in a
 * 128M instance: it serves, and the guest's own memory use (balloon statistics over QMP) stays
 * far below the image's size; a restarted agent's driver re-adopts the VM, which keeps serving.
 * Fails, never skips, without QEMU, busybox-static or erofs-utils.
 */
@Tag("vm")
class LargeImageVmTest {

    static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");
    /** What build-large-image.sh puts in /data: 4 files of 52 MiB of random bytes. */
    static final long DATA_BYTES = 4L * 52 << 20;

    @TempDir
    Path tmp;

    @Test
    void a208MiBImageBootsIn128MAndServesWithLittleGuestMemory() throws Exception {
        assertThat(QEMU).as("apt-get install qemu-system-x86").isExecutable();
        long t0 = System.nanoTime();
        Path tarball = dockerSave(tmp.resolve("save"));
        long made = System.nanoTime();
        ImageFactory factory = ImageFactory.builder().store(ImageFactory.fileStore(tmp.resolve("store")))
                .workDir(tmp.resolve("work")).cacheDir(tmp.resolve("cache"))
                .guest(() -> Guests.obtain(Guests.defaultCacheDir(), line -> { })).build();
        BuildResult built = factory.build(BuildRequest.of(tarball).withMemory("128M"), System.out::println);
        long staged = System.nanoTime();
        StoredImage image = built.image();
        assertThat(image.metadata().rootDisk()).as("over 64 MiB of files: a root disk").isNotNull();
        assertThat(image.metadata().rootDisk().bytes()).isGreaterThan(DATA_BYTES);
        assertThat(image.metadata().initramfs().bytes()).as("init + launch spec only").isLessThan(1 << 20);

        // The agent's side: the archive the control plane serves, verified and unpacked by the cache.
        Path stateRoot = tmp.resolve("a");
        StateDir state = new StateDir(stateRoot);
        ImageCache cache = new ImageCache(state.images(), 10L << 30, (digest, target) -> serve(image, target),
                Clock.systemUTC(), new SimpleMeterRegistry());
        LocalImage local = cache.obtain(built.digest());
        long cached = System.nanoTime();
        assertThat(local.rootDisk()).isPresent();
        assertThat(local.rootDisk().orElseThrow()).startsWith(state.images());

        QemuDriver driver = new QemuDriver(QEMU, state, state.images(), QemuDriver.AcceleratorMode.TCG, 4096,
                Clock.systemUTC());
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        VmHandle vm = driver.start(new VmSpec(1, "dev/large", 0, local, 128, "127.0.0.1", port));
        try {
            String body = awaitHttp200(port, "/index.html", Duration.ofSeconds(120), driver, vm, state);
            long served = System.nanoTime();
            assertThat(body).isEqualTo("served from a read-only root disk\n");
            String console = Files.readString(state.vmDir(1).resolve("console.log"));
            assertThat(console).contains("paas-init: root disk /dev/vdb (erofs, ")
                    .contains("paas-init: disk /dev/vda quota=1G mounted as the writable root");
            // The balloon's statistics arrive a few seconds after the first inspection turns them on.
            Long used = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (used == null && System.nanoTime() < deadline) {
                VmStatus st = driver.inspect(vm);
                assertThat(st.alive()).as(console).isTrue();
                used = st.guestMemoryUsedBytes();
                if (used == null) {
                    Thread.sleep(500);  // QEMU polls the guest's balloon driver every few seconds
                }
            }
            assertThat(used).as("guest memory used (balloon statistics)").isNotNull();
            long imageBytes = image.metadata().totalBytes();
            System.out.printf("large-image: image %.1f MiB (root disk %.1f MiB, initramfs %.1f KiB), docker save made in"
                            + " %.1f s, staged in %.1f s, verified into the agent's cache in %.1f s, first 200 %.1f s after"
                            + " start; guest memory used after boot %.1f MiB of 128 MiB%n",
                    imageBytes / 1048576.0, image.metadata().rootDisk().bytes() / 1048576.0,
                    image.metadata().initramfs().bytes() / 1024.0, (made - t0) / 1e9, (staged - made) / 1e9,
                    (cached - staged) / 1e9, (served - cached) / 1e9, used / 1048576.0);
            assertThat(used).as("the image's files stay on the disk, out of guest RAM")
                    .isLessThan(imageBytes / 4).isLessThan(64L << 20);

            // An agent restart: a new driver on the same state directory adopts the same QEMU (its
            // vm.json holds the argv with the read-only root drive), which goes on serving.
            QemuDriver restarted = new QemuDriver(QEMU, state, state.images(), QemuDriver.AcceleratorMode.TCG, 4096,
                    Clock.systemUTC());
            List<VmHandle> adopted = restarted.recover();
            assertThat(adopted).singleElement().satisfies(h -> {
                assertThat(h.pid()).isEqualTo(vm.pid());
                assertThat(h.adoptedDead()).isFalse();
            });
            assertThat(Files.readString(state.vmDir(1).resolve("vm.json")))
                    .contains("serial=paas.root").contains("readonly=on");
            assertThat(awaitHttp200(port, "/index.html", Duration.ofSeconds(10), restarted, adopted.get(0), state))
                    .isEqualTo("served from a read-only root disk\n");
            VmStatus end = restarted.stop(adopted.get(0), Duration.ofSeconds(10));
            assertThat(end.alive()).isFalse();
            assertThat(end.exitReason()).as("a graceful stop through the re-adopted handle").isPresent();
        } finally {
            driver.stop(vm, Duration.ofSeconds(5));
            VmFleet.killAll(stateRoot);
        }
    }

    private static String awaitHttp200(int port, String path, Duration timeout, QemuDriver driver, VmHandle vm,
                                       StateDir state) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(3)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!driver.inspect(vm).alive()) {
                break;
            }
            try {
                HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return r.body();
                }
            } catch (IOException notYet) {
                // QEMU's forward accepts before the guest listens
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no 200 on " + path + "; console:\n"
                + Files.readString(state.vmDir(1).resolve("console.log")));
    }

    /** The bytes GET /v1/agent/images/{digest} answers: a tar of the image's files, image.json first. */
    private static String serve(StoredImage image, Path target) throws IOException {
        MessageDigest sha = sha256();
        try (OutputStream o = new DigestOutputStream(Files.newOutputStream(target), sha);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(o)) {
            for (Path f : image.files()) {
                TarArchiveEntry e = new TarArchiveEntry(f.getFileName().toString());
                e.setSize(Files.size(f));
                tar.putArchiveEntry(e);
                Files.copy(f, tar);
                tar.closeArchiveEntry();
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** {@code image-factory/src/test/samples/build-large-image.sh}: the tarball the bench builds too. */
    static Path dockerSave(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path script = Path.of(System.getProperty("user.dir")).resolve("../image-factory/src/test/samples/build-large-image.sh")
                .normalize();
        Process p = new ProcessBuilder("/bin/bash", script.toString(), dir.resolve("large.tar").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0 || !out.startsWith("IMAGE=")) {
            throw new AssertionError(script + " failed: " + out);
        }
        return Path.of(out.substring("IMAGE=".length()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
