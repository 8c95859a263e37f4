package dev.paas.kernel.infra;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pure parts of the init's disk.c (the writable disk), compiled for the host with
 * src/test/c/disk_harness.c: how a size is written in the console lines, and when the disk
 * counts as full (and as having room again).
 */
class InitDiskTest {

    private static final long MIB = 1024 * 1024;

    @TempDir
    static Path work;
    static Path harness;

    @BeforeAll
    static void compileHarness() throws Exception {
        Path kernelDir = Path.of(System.getProperty("paas.kernel.dir", "."));
        harness = work.resolve("disk_harness");
        InitParsingTest.run(List.of("cc", "-std=c11", "-D_GNU_SOURCE", "-Wall", "-Wextra", "-Werror",
                "-I", kernelDir.resolve("init").toString(), "-o", harness.toString(),
                kernelDir.resolve("src/test/c/disk_harness.c").toString(), kernelDir.resolve("init/disk.c").toString()));
    }

    @ParameterizedTest(name = "{0} bytes -> {1}")
    @CsvSource({
            "67108864, 64M", "1073741824, 1G", "34359738368, 32G", "1610612736, 1536M",
            "1048576, 1M", "66060288, 63M", "66584576, 64M", "0, 0K", "524288, 512K", "1023, 1K"})
    void sizesAreWrittenAsDiskQuotaIs(long bytes, String text) throws Exception {
        assertThat(InitParsingTest.run(List.of(harness.toString(), "size", Long.toString(bytes)))).containsExactly(text);
    }

    /** 128 KiB free or less is full; room again only above 128 KiB + 5% of the disk. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "room stays room,               0, 10485760, 0",
            "nothing free is full,          0, 0,        1",
            "under 128 KiB is full,         0, 131071,   1",
            "exactly 128 KiB is room,       0, 131072,   0",
            "full stays full just above,    1, 131072,   1",
            "full stays full under margin,  1, 3486514,  1",
            "room again at the margin,      1, 3486515,  0"})
    void fullAndRoomAgain(String name, int wasFull, long avail, int full) throws Exception {
        assertThat(InitParsingTest.run(List.of(harness.toString(), "full", Integer.toString(wasFull),
                Long.toString(avail), Long.toString(64 * MIB)))).containsExactly(Integer.toString(full));
    }
}
