package dev.paas.kernel.vm;

import dev.paas.kernel.api.ExitRecord;
import dev.paas.kernel.api.LaunchSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalInt;

import static dev.paas.kernel.vm.GuestVmTest.BOOT;
import static dev.paas.kernel.vm.GuestVmTest.env;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A large image's root in a real guest: the initramfs holds the init, the spec and the marker;
 * the files are on a read-only erofs disk (serial paas.root) that the init mounts under the
 * overlay root. Without a writable disk the overlay's upper layer is a tmpfs; without the root
 * disk the init fails with reason=disk instead of running anything.
 */
@Tag("vm")
class GuestRootDiskVmTest {

    static GuestFixture fixture;

    @TempDir
    static Path work;

    @BeforeAll
    static void guest() throws Exception {
        fixture = GuestFixture.create();
    }

    @Test
    void theAppRunsFromTheErofsRootAndWritesGoToTheUpperLayer() throws Exception {
        Path tree = Files.createDirectories(work.resolve("tree"));
        for (String d : new String[] {"bin", "app", "proc", "sys", "dev", "tmp", "etc", "paas"}) {
            Files.createDirectories(tree.resolve(d));
        }
        Files.copy(GuestFixture.BUSYBOX, tree.resolve("bin/sh"));
        Files.setPosixFilePermissions(tree.resolve("bin/sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(tree.resolve("app/from-disk"), "from the erofs\n");
        // The image's file is changed (copied up), a new one written; the erofs file stays as it was.
        LaunchSpec spec = LaunchSpec.of("cat /app/from-disk; echo x > /app/new && cat /app/new; "
                        + "echo changed > /app/from-disk && cat /app/from-disk; grep -c '^overlay / overlay' /proc/mounts",
                "/app", 8080, 5, env()).withShell("/bin/sh");
        try (GuestFixture.Booted b = fixture.bootOnRootDisk(spec, tree, work, 0)) {
            byte[] before = Files.readAllBytes(b.dir().resolve("root.erofs"));
            ExitRecord record = b.vm().awaitExit(BOOT).orElseThrow(() -> new AssertionError(b.console()));
            assertThat(record.code()).as(b.console()).isEqualTo(OptionalInt.of(0));
            assertThat(b.stdout()).as(b.console() + "\nstderr: " + b.stderr()).isEqualTo("from the erofs\nx\nchanged\n1\n");
            assertThat(Files.readAllBytes(b.dir().resolve("root.erofs"))).as("attached read-only").isEqualTo(before);
            assertThat(b.console()).contains("paas-init: root disk /dev/vda (erofs, ")
                    .contains("paas-init: no writable disk: the root's writes go to RAM (tmpfs)");
        }
    }

    @Test
    void aMarkerWithoutTheRootDiskFailsWithReasonDisk() throws Exception {
        LaunchSpec spec = LaunchSpec.of("/app/anything", "/app", 8080, 5, env());
        try (GuestFixture.Booted b = fixture.bootOnRootDisk(spec, null, work, 16)) {
            ExitRecord record = b.vm().awaitExit(BOOT).orElseThrow(() -> new AssertionError(b.console()));
            assertThat(record.status()).as(b.console()).isEqualTo(ExitRecord.Status.FAILED);
            assertThat(record.reason()).hasValue("disk");
            assertThat(record.message()).hasValueSatisfying(m ->
                    assertThat(m).contains("the image's root is on a read-only disk (virtio-blk serial paas.root)"));
        }
    }
}
