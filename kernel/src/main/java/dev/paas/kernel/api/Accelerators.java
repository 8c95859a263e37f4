package dev.paas.kernel.api;

import dev.paas.kernel.infra.KvmProbe;
import dev.paas.model.Accelerator;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Decides how this host runs guests. {@code /dev/kvm} opening is not enough (on some hosts it
 * opens but guests hang), so the probe boots a real guest under KVM with a short time-out and
 * falls back to TCG when it does not finish.
 */
public final class Accelerators {

    /** What the probe found, and why, for the node's fingerprint and its logs. */
    public record Probe(Accelerator accelerator, String reason, Duration took) {}

    /** Long enough for a KVM boot (well under a second), short enough for an agent's start-up. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private Accelerators() {}

    /**
     * Boots {@code guest} once under KVM. Idempotent (not cached: call it once at start-up);
     * never throws for a failed boot, only reports TCG with the reason.
     *
     * @param workDir an existing writable directory for the probe's initramfs and logs
     */
    public static Probe probe(Path qemu, GuestArtifacts guest, Path workDir, Duration timeout) {
        return KvmProbe.probe(qemu, guest, workDir, timeout);
    }
}
