package dev.paas.nodeagent.infra;

import dev.paas.model.DesiredInstance;
import dev.paas.model.HealthCheck;
import dev.paas.model.HealthCheckType;
import dev.paas.model.InstanceState;
import dev.paas.nodeagent.api.VmHandle;
import dev.paas.nodeagent.core.HealthPolicy;
import dev.paas.nodeagent.core.PortAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Re-adoption from the handle and {@code desired.json}, and how that file is written. */
class ReadoptionTest {

    @TempDir
    Path dir;

    private final LogTailer tailer = new LogTailer(Clock.systemUTC());
    private final PortAllocator ports = new PortAllocator(25000, 25009);

    @AfterEach
    void tearDown() {
        tailer.close();
    }

    private Readoption readoption() {
        return new Readoption(new FakeDriver(dir), tailer, ports, HealthPolicy.defaults(),
                id -> dir.resolve(Long.toString(id)), new InstanceLogs(Clock.systemUTC()), (i, line) -> { });
    }

    private static DesiredInstance desired(int graceSeconds) {
        return new DesiredInstance(1, "dev", "web", 0, "a".repeat(64), 64,
                new HealthCheck(HealthCheckType.PROCESS, null, 60), graceSeconds, Map.of());
    }

    private static VmHandle live(Instant startedAt) {
        return new VmHandle(1, "dev/web", 0, "a".repeat(64), 4242, 25003, "127.0.0.1:25003", 64, startedAt, false, false);
    }

    @Test
    void desiredJsonIsReplacedWholeAndNoTemporaryFileStays() throws Exception {
        Path vm = Files.createDirectories(dir.resolve("1"));
        Files.writeString(vm.resolve("desired.json"), "{\"half\": ");
        Readoption.writeDesired(vm, desired(7));
        try (var files = Files.list(vm)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("desired.json");
        }
        assertThat(Json.MAPPER.readValue(vm.resolve("desired.json").toFile(), DesiredInstance.class).graceSeconds())
                .isEqualTo(7);
    }

    @Test
    void aLiveVmIsAdoptedWithItsDesiredEntryAndKeepsItsPort() throws Exception {
        Readoption.writeDesired(Files.createDirectories(dir.resolve("1")), desired(7));
        Instant now = Instant.now();
        Instance i = readoption().adopt(live(now.minusSeconds(3600)), now);
        assertThat(i.graceSeconds()).isEqualTo(7);
        assertThat(i.check().type()).isEqualTo(HealthCheckType.PROCESS);
        assertThat(i.endpoint).isEqualTo("127.0.0.1:25003");
        assertThat(i.health.state()).as("past its start-up window and alive").isEqualTo(InstanceState.RUNNING);
        assertThat(ports.reserve(25003)).as("the adopted port stays reserved").isFalse();
    }

    @Test
    void anUnreadableDesiredEntryStillAdoptsTheVmWithThePortCheck() throws Exception {
        Files.writeString(Files.createDirectories(dir.resolve("1")).resolve("desired.json"), "{\"half\": ");
        Instant now = Instant.now();
        Instance i = readoption().adopt(live(now.minusSeconds(3600)), now);
        assertThat(i.desired).isNull();
        assertThat(i.check().type()).isEqualTo(HealthCheckType.PORT);
        assertThat(i.handle.pid()).isEqualTo(4242);
    }
}
