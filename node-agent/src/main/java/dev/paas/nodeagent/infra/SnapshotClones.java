package dev.paas.nodeagent.infra;

import dev.paas.kernel.api.RestoreMessage;
import dev.paas.nodeagent.api.VmSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/** Small helpers of snapshot clones: what a restored guest is told, and QEMU's version for the key. */
final class SnapshotClones {

    /** The init's console line once the restored guest is the new instance (kernel/README.md). */
    static final String RESTORED_LINE = "paas-init: restored from a snapshot ";

    private static final SecureRandom RANDOM = new SecureRandom();

    private SnapshotClones() {}

    /**
     * The restore line for {@code spec}'s guest: a fresh seed, the host's clock, and the
     * instance's identity from its env ({@code CF_INSTANCE_INDEX}, {@code CF_INSTANCE_GUID}) and
     * endpoint; a value the init would refuse is left out rather than failing the restore.
     */
    static RestoreMessage message(VmSpec spec, Instant now) {
        byte[] seed = new byte[RestoreMessage.SEED_BYTES];
        RANDOM.nextBytes(seed);
        Map<String, String> env = spec.env().env();
        String guid = env.get("CF_INSTANCE_GUID");
        if (guid != null && !guid.matches("[A-Za-z0-9.:-]{1,63}")) {
            guid = null;
        }
        String ip = spec.hostAddress().matches("[0-9.]{7,15}") ? spec.hostAddress() : null;
        return new RestoreMessage(seed, now, OptionalInt.of(spec.index()), guid, ip, OptionalInt.of(spec.hostPort()));
    }

    /** The first line of {@code qemu --version} ("unknown" when it cannot be run). */
    static String qemuVersion(Path qemu) {
        try {
            Process p = new ProcessBuilder(qemu.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "unknown";
            }
            return out.lines().findFirst().map(String::strip).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
