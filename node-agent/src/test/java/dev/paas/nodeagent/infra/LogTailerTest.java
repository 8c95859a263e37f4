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
}
