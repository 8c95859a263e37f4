package dev.paas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code disk_quota} ({@code -k}) is the guest's writable space (issue 14): an app pushed with
 * {@code -k 64M} writes a 128 MiB file with {@code dd}; inside its guest dd fails with "No space
 * left on device" (the app's own stderr), the host's disk file never holds more than 64 MiB, and
 * {@code paas logs} shows the CELL line that says the quota was reached. The app is Debian's
 * static busybox, which then serves as usual.
 */
@Tag("vm")
class DiskQuotaE2ETest extends CliPlatformTest {

    static final Path BUSYBOX = Apps.BUSYBOX;
    static final String HOST = "filler.localhost";

    @Override
    String platformName() {
        return "disk-quota";
    }

    @BeforeAll
    void busyboxIsInstalled() {
        assertThat(BUSYBOX).as("Debian's busybox-static (PAAS_PACKAGES)").isExecutable();
    }

    @Test
    void writingPastTheDiskQuotaFailsInTheGuestNeverOnTheHostAndTheCellLogSaysSo() throws Exception {
        Path dir = Files.createDirectories(work.resolve("filler"));
        Files.copy(BUSYBOX, dir.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(dir.resolve("busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(Files.createDirectories(dir.resolve("www")).resolve("index.html"), "still serving\n");
        String command = "./busybox dd if=/dev/zero of=/tmp/big bs=1M count=128; ./busybox df -k /; "
                + "exec ./busybox httpd -f -p $PORT -h /app/www";
        Cli.Run push = cli.run(dir, "push", "filler", "-p", dir.toString(), "-m", "64M", "-k", "64M", "-c", command);
        assertThat(push.code()).as(push.toString()).isZero();
        assertThat(push.out() + push.err()).contains("1 of 1 running");
        assertThat(platform.viaRouter(HOST, "/").body()).isEqualTo("still serving\n");

        // The init looks at the disk every second: wait for its line rather than sleep.
        platform.await("the disk-full CELL line", Duration.ofSeconds(30), () -> {
            try {
                return cli.run(work, "logs", "filler", "--recent").out().contains("disk quota 64M reached");
            } catch (Exception e) {
                return false;
            }
        });
        Cli.Run logs = cli.run(work, "logs", "filler", "--recent");
        assertThat(logs.out()).as(logs.toString())
                .contains("[APP/0] ERR dd: error writing '/tmp/big': No space left on device")
                .containsPattern("\\[APP/0\\] OUT overlay +\\d+ +\\d+ +0 +100% /")
                .contains("[CELL/0] OUT paas-init: disk /dev/vda quota=64M mounted as the writable root")
                .contains("[CELL/0] OUT paas-init: disk quota 64M reached: writes fail with \"No space left on device\"");

        Path disk = onlyDisk();
        assertThat(Files.size(disk)).isEqualTo(64L << 20);
        long allocated = allocatedBytes(disk);
        System.out.printf("disk quota e2e: the host holds %.1f MiB for the full 64M disk%n", allocated / 1048576.0);
        assertThat(allocated).isLessThanOrEqualTo(64L << 20);
    }

    /** The agent's one instance's disk, {@code <state-dir>/vms/<id>/disk.img}. */
    Path onlyDisk() throws Exception {
        try (Stream<Path> vms = Files.list(platform.dir.resolve("agent/vms"))) {
            List<Path> disks = vms.map(v -> v.resolve("disk.img")).filter(Files::exists).toList();
            assertThat(disks).hasSize(1);
            return disks.get(0);
        }
    }

    static long allocatedBytes(Path file) throws Exception {
        Process p = new ProcessBuilder("stat", "-c", "%b %B", file.toString()).start();
        String[] out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip().split(" ");
        p.waitFor();
        return Long.parseLong(out[0]) * Long.parseLong(out[1]);
    }
}
