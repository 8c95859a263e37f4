package dev.paas.nodeagent.infra;

import dev.paas.nodeagent.core.LogLine;
import dev.paas.nodeagent.core.RingBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class LogTailerTest {

    @TempDir
    Path dir;

    private final LogTailer tailer = new LogTailer(Clock.systemUTC());

    @AfterEach
    void close() {
        tailer.close();
    }

    private static List<String> lines(RingBuffer<LogLine> b) {
        return b.recent(1000).stream().map(e -> e.value().channel() + " " + e.value().index() + " " + e.value().text())
                .toList();
    }

    @Test
    void followsTheThreeChannelsAndWaitsForWholeLines() throws Exception {
        RingBuffer<LogLine> b = new RingBuffer<>(100);
        List<String> console = new CopyOnWriteArrayList<>();
        Files.writeString(dir.resolve("console.log"), "paas-init: app pid=2 uptime_ms=900\r\n");
        Files.writeString(dir.resolve("stdout.log"), "hello\npart");
        tailer.follow(7, 3, dir, b, console::add);
        tailer.flush();
        assertThat(lines(b)).containsExactlyInAnyOrder("CELL 3 paas-init: app pid=2 uptime_ms=900", "OUT 3 hello");
        assertThat(console).containsExactly("paas-init: app pid=2 uptime_ms=900");

        Files.writeString(dir.resolve("stdout.log"), "ial\n", StandardOpenOption.APPEND);
        Files.writeString(dir.resolve("stderr.log"), "oops\n");
        tailer.flush();
        assertThat(lines(b)).endsWith("OUT 3 partial", "ERR 3 oops");
    }

    @Test
    void appLinesGoToTheSinkWithTheirInstanceButConsoleLinesDoNot() throws Exception {
        List<String> shipped = new CopyOnWriteArrayList<>();
        tailer.onAppLine((id, l) -> shipped.add(id + " " + l.channel() + " " + l.text()));
        Files.writeString(dir.resolve("console.log"), "paas-init: started\n");
        Files.writeString(dir.resolve("stdout.log"), "hello\n");
        Files.writeString(dir.resolve("stderr.log"), "oops\n");
        tailer.follow(7, 0, dir, new RingBuffer<>(100), null);
        tailer.flush();
        assertThat(shipped).containsExactlyInAnyOrder("7 OUT hello", "7 ERR oops");
    }

    @Test
    void aFailingSinkDoesNotStopTheBuffer() throws Exception {
        tailer.onAppLine((id, l) -> {
            throw new IllegalStateException("boom");
        });
        Files.writeString(dir.resolve("stdout.log"), "a\nb\n");
        RingBuffer<LogLine> b = new RingBuffer<>(100);
        tailer.follow(7, 0, dir, b, null);
        tailer.flush();
        assertThat(lines(b)).containsExactly("OUT 0 a", "OUT 0 b");
    }

    @Test
    void aLargeExistingFileIsReadFromItsTailStartingAtALineBoundary() throws Exception {
        StringBuilder big = new StringBuilder();
        for (int i = 0; big.length() < 2 * LogTailer.CATCH_UP_BYTES; i++) {
            big.append("line ").append(i).append('\n');
        }
        Files.writeString(dir.resolve("stdout.log"), big);
        RingBuffer<LogLine> b = new RingBuffer<>(1000);
        tailer.follow(1, 0, dir, b, null);
        tailer.flush();
        List<String> got = lines(b);
        assertThat(got).hasSize(1000).allSatisfy(l -> assertThat(l).matches("OUT 0 line \\d+"));
        String[] all = big.toString().split("\n");
        assertThat(got.get(got.size() - 1)).isEqualTo("OUT 0 " + all[all.length - 1]);
    }

    @Test
    void overlongLinesAreCut() throws Exception {
        Files.writeString(dir.resolve("stderr.log"), "x".repeat(LogTailer.MAX_LINE + 10) + "\n");
        RingBuffer<LogLine> b = new RingBuffer<>(10);
        tailer.follow(1, 0, dir, b, null);
        tailer.flush();
        assertThat(b.recent(10)).extracting(e -> e.value().text().length()).containsExactly(LogTailer.MAX_LINE, 10);
    }

    @Test
    void whatWasReadIsGivenBackToTheDiskAndARestartedTailerStillFindsTheLastLines() throws Exception {
        long step = 256 * 1024;
        LogTailer punching = new LogTailer(Clock.systemUTC(), step);
        try {
            RingBuffer<LogLine> b = new RingBuffer<>(1000);
            Path out = dir.resolve("stdout.log");
            StringBuilder chunk = new StringBuilder();
            for (int i = 0; i < 20_000; i++) {
                chunk.append("line ").append(i).append(" of an app that talks a lot, padded to about sixty bytes\n");
            }
            Files.writeString(out, chunk);  // ~1.3 MB
            punching.follow(1, 0, dir, b, null);
            punching.flush();
            Files.writeString(out, "after the first read\n", StandardOpenOption.APPEND);
            punching.flush();

            long size = Files.size(out);
            assertThat(size).as("the file keeps its length, so QEMU's and our offsets hold").isGreaterThan(1_200_000);
            assertThat(allocated(out)).as("bytes on disk").isLessThan(LogTailer.CATCH_UP_BYTES + step + 64 * 1024);
            assertThat(b.recent(2)).extracting(e -> e.value().text())
                    .containsExactly("line 19999 of an app that talks a lot, padded to about sixty bytes", "after the first read");

            // An agent restarted now reads the tail again: lines, not the hole.
            RingBuffer<LogLine> again = new RingBuffer<>(1000);
            tailer.follow(2, 0, dir, again, null);
            tailer.flush();
            assertThat(again.recent(1000)).hasSizeGreaterThan(100).allSatisfy(e -> assertThat(e.value().text()).doesNotContain("\0"));
            assertThat(again.recent(1)).extracting(e -> e.value().text()).containsExactly("after the first read");
        } finally {
            punching.close();
        }
    }

    /** Bytes the file takes on disk ({@code stat}'s 512-byte blocks). */
    private static long allocated(Path file) throws Exception {
        Process p = new ProcessBuilder("stat", "-c", "%b", file.toString()).start();
        String blocks = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor()).isZero();
        return Long.parseLong(blocks) * 512;
    }
}
