package dev.paas.nodeagent.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class GuestMemoryTest {

    @Test
    void usedIsTotalMinusAvailableOnceTheGuestReported() throws Exception {
        assertThat(GuestMemory.usedBytes(Json.MAPPER.readTree(
                "{\"stats\":{\"stat-total-memory\":268435456,\"stat-available-memory\":201326592,\"stat-free-memory\":1},\"last-update\":9}")))
                .isEqualTo(64L * 1024 * 1024);
        // Before the guest's first answer QEMU reports -1 for every statistic.
        assertThat(GuestMemory.usedBytes(Json.MAPPER.readTree(
                "{\"stats\":{\"stat-total-memory\":-1,\"stat-available-memory\":-1},\"last-update\":0}"))).isNull();
        assertThat(GuestMemory.usedBytes(Json.MAPPER.readTree("{\"stats\":{\"stat-total-memory\":100,\"stat-available-memory\":200}}")))
                .as("nonsense is no figure").isNull();
        assertThat(GuestMemory.usedBytes(Json.MAPPER.readTree("{}"))).isNull();
    }

    @Test
    void aVmWithoutQmpHasNoFigureAndIsNotAskedAgainAtOnce() {
        GuestMemory g = new GuestMemory(Clock.systemUTC());
        assertThat(g.used(1, Path.of("/nonexistent/qmp.sock"))).isNull();
        assertThat(g.used(1, Path.of("/nonexistent/qmp.sock"))).isNull();
    }
}
