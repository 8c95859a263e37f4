package dev.paas.kernel.vm;

import dev.paas.kernel.api.ExitRecord;
import dev.paas.kernel.api.LaunchSpec;
import dev.paas.kernel.api.RunAs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalInt;

import static dev.paas.kernel.vm.GuestVmTest.BOOT;
import static dev.paas.kernel.vm.GuestVmTest.env;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The writable disk in a real guest: the root becomes an overlay whose writes land on the disk,
 * so an app writing past the disk's size gets ENOSPC inside the guest, the console says the
 * quota was reached, and the host's file never holds more than its size.
 */
@Tag("vm")
class GuestDiskVmTest {

    static GuestFixture fixture;

    @TempDir
    static Path work;

    @BeforeAll
    static void guest() throws Exception {
        fixture = GuestFixture.create();
    }

    @Test
    void writesPastTheDiskFailWithEnospcInTheGuestAndTheConsoleSaysSo() throws Exception {
        // As vcap: fill the disk through /tmp, then show that /app is on the disk too; wait for
        // the init's look at the disk (every second), free it, and show the home is writable
        // again and /dev/shm is still memory.
        LaunchSpec spec = LaunchSpec.of("""
                dd if=/dev/zero of=/tmp/big bs=1M count=128 2>&1 | head -1; \
                df -k / | tail -1; \
                echo x > /app/new 2>&1 || echo "app: full"; \
                sleep 1.5; rm /tmp/big; sleep 1.5; echo x > /app/new && echo "app: ok"; echo y > $HOME/h && echo "home: ok"; \
                grep -c ' /dev/shm tmpfs' /proc/mounts; grep -c '^overlay / overlay' /proc/mounts""",
                "/app", 8080, 5, env()).withShell("/bin/sh");
        try (GuestFixture.Booted b = fixture.boot(spec, work, 64)) {
            ExitRecord record = b.vm().awaitExit(BOOT).orElseThrow(() -> new AssertionError(b.console()));
            assertThat(record.code()).as(b.console()).isEqualTo(OptionalInt.of(0));
            String[] out = b.stdout().split("\n");
            assertThat(out[0]).as(b.stdout()).isEqualTo("dd: error writing '/tmp/big': No space left on device");
            // "overlay  64496  64456  0  100% /": 4 KiB blocks, so the ext4's own metadata is ~1.5% of it
            assertThat(out[1]).matches("overlay +\\d+ +\\d+ +0 +100% /");
            assertThat(out).containsSubsequence("app: full", "app: ok", "home: ok", "1", "1");
            assertThat(b.console()).contains("paas-init: disk /dev/vda quota=64M mounted as the writable root")
                    .contains("paas-init: disk quota 64M reached: writes fail with \"No space left on device\"")
                    .containsPattern("paas-init: disk below quota 64M again: 6[0-3]M free");
            assertThat(allocatedBytes(b.dir().resolve("disk.img"))).isLessThanOrEqualTo(64L * 1024 * 1024);
        }
    }

    @Test
    void anAppRunningAsRootFillsTheDiskNotTheGuestsMemory() throws Exception {
        // /etc and /var are the image's (in RAM below the overlay): a root app's writes there land
        // on the disk too, so no write can take the guest's memory instead.
        // The second write is a whole MiB: ext4 gives back a few blocks it had reserved once dd's
        // writes are on the disk, so a few bytes more may still fit; a MiB never does.
        LaunchSpec spec = LaunchSpec.of("dd if=/dev/zero of=/etc/big bs=1M count=64 2>&1 | head -1; "
                + "dd if=/dev/zero of=/etc/more bs=1M count=1 2>/dev/null",
                "/app", 8080, 5, env()).withShell("/bin/sh").withUser(RunAs.ROOT);
        try (GuestFixture.Booted b = fixture.boot(spec, work, 32)) {
            ExitRecord record = b.vm().awaitExit(BOOT).orElseThrow(() -> new AssertionError(b.console()));
            assertThat(record.code()).as(b.console()).isEqualTo(OptionalInt.of(1));
            assertThat(b.stdout()).as(b.console()).isEqualTo("dd: error writing '/etc/big': No space left on device\n");
            assertThat(b.console()).contains("paas-init: disk quota 32M reached");
        }
    }

    @Test
    void withoutADiskTheRootStaysInMemory() throws Exception {
        LaunchSpec spec = LaunchSpec.of("grep -c '^overlay' /proc/mounts; grep -c ' /tmp tmpfs' /proc/mounts",
                "/app", 8080, 5, env()).withShell("/bin/sh");
        try (GuestFixture.Booted b = fixture.boot(spec, work)) {
            b.vm().awaitExit(BOOT).orElseThrow(() -> new AssertionError(b.console()));
            assertThat(b.stdout()).isEqualTo("0\n1\n");
            assertThat(b.console()).doesNotContain("paas-init: disk");
        }
    }

    /** What the host really holds for a (sparse) file. */
    static long allocatedBytes(Path file) throws Exception {
        Process p = new ProcessBuilder("stat", "-c", "%b %B", file.toString()).start();
        String[] out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip().split(" ");
        p.waitFor();
        return Long.parseLong(out[0]) * Long.parseLong(out[1]);
    }
}
