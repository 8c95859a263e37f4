package dev.paas.kernel.infra;

import dev.paas.kernel.api.Accelerators;
import dev.paas.kernel.api.ExitRecord;
import dev.paas.kernel.api.GuestArtifacts;
import dev.paas.kernel.api.VmConfig;
import dev.paas.model.Accelerator;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The real-boot KVM probe behind {@link dev.paas.kernel.api.Accelerators#probe}: the guest's
 * launch spec names a program that does not exist, so a working guest ends within a second with
 * a {@code failed} exit record and QEMU exits; a hanging KVM never gets there.
 */
public final class KvmProbe {

    private KvmProbe() {}

    public static Accelerators.Probe probe(Path qemu, GuestArtifacts guest, Path workDir, Duration timeout) {
        long t0 = System.nanoTime();
        Path kvm = Path.of("/dev/kvm");
        if (!Files.exists(kvm)) {
            return tcg("no /dev/kvm on this host", t0);
        }
        if (!Files.isReadable(kvm) || !Files.isWritable(kvm)) {
            return tcg("/dev/kvm is not readable and writable by this user", t0);
        }
        try {
            Path dir = Files.createTempDirectory(workDir, "kvm-probe-");
            Path initramfs = dir.resolve("probe.cpio");
            Initramfs.withBaseLayout(guest.init())
                    .file("/paas/launch", "command /paas/kvm-probe\n")
                    .write(initramfs);
            VmConfig config = VmConfig.builder()
                    .qemu(qemu).kernel(guest.vmlinux()).initramfs(initramfs)
                    .memoryMib(64).accelerator(Accelerator.KVM)
                    .forward("127.0.0.1", freePort(), 8080)
                    .stdoutLog(dir.resolve("stdout.log")).stderrLog(dir.resolve("stderr.log"))
                    .build();
            try (QemuVm vm = QemuVm.start(config)) {
                Optional<ExitRecord> record = vm.awaitExit(timeout);
                if (record.isPresent()) {
                    return new Accelerators.Probe(Accelerator.KVM, "a KVM guest booted and ended cleanly",
                            Duration.ofNanos(System.nanoTime() - t0));
                }
                String errors = vm.qemuErrors().strip();
                return tcg(vm.isAlive()
                        ? "a KVM guest did not finish booting within " + timeout.toMillis() + " ms"
                        : "QEMU with KVM failed" + (errors.isEmpty() ? "" : ": " + errors), t0);
            } finally {
                GuestBuilder.deleteTree(dir);
            }
        } catch (IOException | RuntimeException e) {
            return tcg("the KVM probe could not run: " + e.getMessage(), t0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return tcg("the KVM probe was interrupted", t0);
        }
    }

    /** A port that was free a moment ago, for a probe or test forward on the loopback address. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Accelerators.Probe tcg(String reason, long t0) {
        return new Accelerators.Probe(Accelerator.TCG, reason, Duration.ofNanos(System.nanoTime() - t0));
    }
}
