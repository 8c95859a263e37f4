package dev.paas.kernel.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuestDiskTest {

    @TempDir
    Path dir;

    @Test
    void aSparseFileOfExactlyTheSizeWithAnEmptyExt4WithoutJournal() throws Exception {
        Path disk = dir.resolve("disk.img");
        long t0 = System.nanoTime();
        GuestDisk.create(disk, 1024);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(Files.size(disk)).isEqualTo(1024L * 1024 * 1024);
        assertThat(allocatedBytes(disk)).as("sparse").isLessThan(1024 * 1024);
        String header = run("dumpe2fs", "-h", disk.toString());
        assertThat(header).contains("Block size:               4096").contains("Reserved block count:     0")
                .containsPattern("Filesystem features: .*extent").doesNotContain("has_journal");
        assertThat(ms).as("mkfs time").isLessThan(5000);
    }

    @ParameterizedTest(name = "{0} MiB")
    @ValueSource(ints = {0, -1, 15, 64 * 1024 + 1})
    void badSizesAreRefusedAndNothingIsMade(int mib) {
        Path disk = dir.resolve("disk.img");
        assertThatThrownBy(() -> GuestDisk.create(disk, mib)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("disk size must be between 16 and 65536 MiB, got: " + mib);
        assertThat(disk).doesNotExist();
    }

    @Test
    void anExistingFileIsNeverOverwritten() throws Exception {
        Path disk = Files.writeString(dir.resolve("disk.img"), "precious");
        assertThatThrownBy(() -> GuestDisk.create(disk, 64)).isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        assertThat(disk).hasContent("precious");
    }

    @Test
    void aFailedMkfsLeavesNothingBehindAndSaysWhy() throws Exception {
        // As mkfs.ext4 fails on a host disk without room for the file system's metadata.
        Path mkfs = dir.resolve("mkfs.ext4");
        Files.writeString(mkfs, "#!/bin/sh\necho \"No space left on device while writing out and closing file system\"\nexit 1\n");
        mkfs.toFile().setExecutable(true);
        Path disk = dir.resolve("disk.img");
        assertThatThrownBy(() -> GuestDisk.create(disk, 64, mkfs)).isInstanceOf(java.io.IOException.class)
                .hasMessage("mkfs.ext4 " + disk + " failed (status 1): No space left on device while writing out "
                        + "and closing file system");
        assertThat(disk).doesNotExist();
    }

    @Test
    void aMissingDirectoryOrMkfsIsAClearError() {
        Path disk = dir.resolve("missing-dir/disk.img");
        assertThatThrownBy(() -> GuestDisk.create(disk, 64)).isInstanceOf(java.nio.file.NoSuchFileException.class);
        assertThatThrownBy(() -> GuestDisk.create(dir.resolve("d.img"), 64, dir.resolve("nope")))
                .hasMessage(dir.resolve("nope") + " not found: apt-get install e2fsprogs");
        assertThat(dir.resolve("d.img")).doesNotExist();
    }

    static long allocatedBytes(Path file) throws Exception {
        String[] out = run("stat", "-c", "%b %B", file.toString()).strip().split(" ");
        return Long.parseLong(out[0]) * Long.parseLong(out[1]);
    }

    static String run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
