package dev.paas.nodeagent.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.logdrain.api.LogDrains;
import dev.paas.logdrain.api.SyslogListener;
import dev.paas.model.DesiredInstance;
import dev.paas.nodeagent.core.RingBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's path from a VM's stdout file to a drain: LogTailer, NodeDrains, LogDrains, a syslog listener of the test's own on loopback. */
class AppLinesToDrainTest {

    @TempDir
    Path dir;

    @Test
    void aLineTheAppWritesArrivesAtItsDrainAsRfc5424() throws Exception {
        try (SyslogListener drain = new SyslogListener(0); LogDrains logDrains = new LogDrains("node-1", LogDrains.Settings.DEFAULTS.withLoopback(true));
             LogTailer tailer = new LogTailer(Clock.systemUTC())) {
            NodeDrains drains = new NodeDrains(logDrains::ship, logDrains::retain);
            tailer.onAppLine(drains::accept);
            drains.update(List.of(new DesiredInstance(7, "dev", "web", 1, "d", 128, null, 10,
                    Map.of("PAAS_PROCESS_TYPE", "worker"), List.of()).withLogDrains(List.of(drain.url()))));
            Files.writeString(dir.resolve("stdout.log"), "listening on 8080\n");
            Files.writeString(dir.resolve("console.log"), "paas-init: started\n");
            tailer.follow(7, 1, dir, new RingBuffer<>(100), null);
            tailer.flush();
            assertThat(drain.next(Duration.ofSeconds(10)))
                    .matches("<14>1 \\S+Z node-1 dev/web \\[APP/PROC/WORKER/1\\] - - listening on 8080\n");
        }
    }
}
