package dev.paas.kernel.vm;

import dev.paas.kernel.api.GuestArtifacts;
import dev.paas.kernel.api.GuestDisk;
import dev.paas.kernel.api.Guests;
import dev.paas.kernel.api.InstanceEnv;
import dev.paas.kernel.api.LaunchSpec;
import dev.paas.kernel.api.VmConfig;
import dev.paas.kernel.infra.Initramfs;
import dev.paas.kernel.infra.KvmProbe;
import dev.paas.kernel.infra.QemuVm;
import dev.paas.model.Accelerator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Boots the real guest kernel and init under QEMU with the fixture app (src/test/fixtures) at
 * {@code /app/fixture}. Shared by the vm tests: one kernel, one fixture binary, modes by args.
 */
final class GuestFixture {

    static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");

    final GuestArtifacts guest;
    final Path fixture;

    private GuestFixture(GuestArtifacts guest, Path fixture) {
        this.guest = guest;
        this.fixture = fixture;
    }

    /** Builds (or finds cached) kernel, init and fixture. Fails, never skips, without QEMU. */
    static GuestFixture create() throws Exception {
        if (!Files.isExecutable(QEMU)) {
            throw new AssertionError(QEMU + " not found: apt-get install qemu-system-x86");
        }
        GuestArtifacts guest = Guests.obtain(Guests.defaultCacheDir(), line -> System.err.println(line));
        Path kernelDir = Path.of(System.getProperty("paas.kernel.dir", "."));
        Process p = new ProcessBuilder("/bin/bash", kernelDir.resolve("src/test/fixtures/build-fixture.sh").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0 || !out.startsWith("FIXTURE=")) {
            throw new AssertionError("fixture build failed: " + out);
        }
        return new GuestFixture(guest, Path.of(out.substring("FIXTURE=".length())));
    }

    /** A booted guest and where its channels go. */
    record Booted(QemuVm vm, Path dir, int hostPort) implements AutoCloseable {
        String stdout() throws IOException {
            return Files.readString(dir.resolve("stdout.log"));
        }

        String stderr() throws IOException {
            return Files.readString(dir.resolve("stderr.log"));
        }

        String console() {
            return String.join("\n", vm.console().stream().map(QemuVm.ConsoleLine::text).toList());
        }

        /** Polls the forwarded port until the app answers 200; returns the body. */
        Optional<String> awaitHttp200(Duration timeout) throws InterruptedException {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hostPort + "/"))
                    .timeout(Duration.ofSeconds(2)).build();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && vm.isAlive()) {
                try {
                    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return Optional.of(r.body());
                    }
                } catch (IOException notYet) {
                    // QEMU accepts on the host port before the guest listens; try again
                }
                Thread.sleep(20);
            }
            return Optional.empty();
        }

        @Override
        public void close() {
            vm.close();
        }
    }

    /** Debian's busybox-static: the POSIX shell the image factory puts at /bin/sh when a command needs one. */
    static final Path BUSYBOX = Path.of("/bin/busybox");

    Booted boot(LaunchSpec spec, Path workDir) throws IOException {
        return boot(spec, InstanceEnv.EMPTY, workDir, 0);
    }

    /** Boots the image with {@code env} appended as the node agent does (none when empty). */
    Booted boot(LaunchSpec spec, InstanceEnv env, Path workDir) throws IOException {
        return boot(spec, env, workDir, 0);
    }

    /** With a writable disk of {@code diskMib} MiB ({@code dir/disk.img}); 0: none, the guest writes to RAM. */
    Booted boot(LaunchSpec spec, Path workDir, int diskMib) throws IOException {
        return boot(spec, InstanceEnv.EMPTY, workDir, diskMib);
    }

    /**
     * A large image's shape: an initramfs of the init, the spec and the root-disk marker only, and
     * {@code rootTree} (a host directory) as a read-only erofs root disk made with mkfs.erofs; a
     * null tree attaches no root disk (the marker still says there is one).
     */
    Booted bootOnRootDisk(LaunchSpec spec, Path rootTree, Path workDir, int diskMib) throws Exception {
        Path dir = Files.createTempDirectory(workDir, "vm-");
        Path initramfs = dir.resolve("initramfs.cpio");
        Initramfs.withBaseLayout(guest.init()).file(LaunchSpec.PATH_IN_INITRAMFS, spec.render())
                .file(LaunchSpec.ROOT_DISK_MARKER, "erofs\n".getBytes(StandardCharsets.UTF_8), 0644)
                .write(initramfs);
        Path root = null;
        if (rootTree != null) {
            root = dir.resolve("root.erofs");
            Process p = new ProcessBuilder("mkfs.erofs", "--quiet", "-T0", "-x-1", root.toString(), rootTree.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new AssertionError("mkfs.erofs failed (apt-get install erofs-utils): " + out);
            }
        }
        Path disk = null;
        if (diskMib > 0) {
            disk = dir.resolve("disk.img");
            GuestDisk.create(disk, diskMib);
        }
        int hostPort = KvmProbe.freePort();
        VmConfig config = VmConfig.builder()
                .qemu(QEMU).kernel(guest.vmlinux()).initramfs(initramfs)
                .memoryMib(128).accelerator(Accelerator.TCG)
                .forward("127.0.0.1", hostPort, spec.port())
                .stdoutLog(dir.resolve("stdout.log")).stderrLog(dir.resolve("stderr.log"))
                .controlSocket(dir.resolve("control.sock"))
                .disk(disk).rootDisk(root)
                .build();
        return new Booted(QemuVm.start(config), dir, hostPort);
    }

    private Booted boot(LaunchSpec spec, InstanceEnv env, Path workDir, int diskMib) throws IOException {
        Path dir = Files.createTempDirectory(workDir, "vm-");
        Path initramfs = dir.resolve("initramfs.cpio");
        Initramfs image = Initramfs.withBaseLayout(guest.init());
        if (spec.shell().isPresent()) {
            if (!Files.isExecutable(BUSYBOX)) {
                throw new AssertionError(BUSYBOX + " not found: apt-get install busybox-static");
            }
            image.file(spec.shell().get(), Files.readAllBytes(BUSYBOX), 0755);
        }
        image.file(LaunchSpec.PATH_IN_INITRAMFS, spec.render())
                .file("/app/fixture", Files.readAllBytes(fixture), 0755)
                // A script whose interpreter the guest does not have (there is no /bin/sh).
                .file("/app/needs-sh", "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8), 0755)
                .write(initramfs);
        if (!env.env().isEmpty()) {
            Path withEnv = dir.resolve("initramfs-env.cpio");
            env.writeInitramfs(initramfs, withEnv);
            initramfs = withEnv;
        }
        int hostPort = KvmProbe.freePort();
        Path disk = null;
        if (diskMib > 0) {
            disk = dir.resolve("disk.img");
            GuestDisk.create(disk, diskMib);
        }
        VmConfig config = VmConfig.builder()
                .qemu(QEMU).kernel(guest.vmlinux()).initramfs(initramfs)
                .memoryMib(128).accelerator(Accelerator.TCG)
                .forward("127.0.0.1", hostPort, spec.port())
                .stdoutLog(dir.resolve("stdout.log")).stderrLog(dir.resolve("stderr.log"))
                .controlSocket(dir.resolve("control.sock"))
                .disk(disk)
                .build();
        return new Booted(QemuVm.start(config), dir, hostPort);
    }
}
