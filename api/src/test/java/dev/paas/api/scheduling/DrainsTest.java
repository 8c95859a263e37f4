package dev.paas.api.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.api.scheduling.Drains.Verdict;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The drain handshake's decisions, as tables: when a stop drains first, and when a draining instance is stopped. */
class DrainsTest {

    static final Instant DRAINING_SINCE = Instant.parse("2026-01-01T12:00:00Z");

    @ParameterizedTest(name = "{0}s in DRAINING, routers synced={1} -> {2}")
    @CsvSource({
            // waits while a live router may still send it requests
            "0,  false, WAIT",
            "29, false, WAIT",
            // every live router serves a table without it
            "0,  true,  STOP",
            "45, true,  STOP",
            // 30 s at most, then stopped anyway (and logged as timed out)
            "30, false, STOP_OVERDUE",
            "31, false, STOP_OVERDUE",
    })
    void verdict(int secondsLater, boolean synced, Verdict expected) {
        assertThat(Drains.verdict(DRAINING_SINCE, synced, DRAINING_SINCE.plusSeconds(secondsLater))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "in route table={0}, routed by a live router={1} -> drain first={2}")
    @CsvSource({
            "true,  true,  true",
            "true,  false, false",
            "false, true,  false",
            "false, false, false",
    })
    void drainFirst(boolean inTable, boolean routed, boolean expected) {
        assertThat(Drains.drainFirst(inTable, routed)).isEqualTo(expected);
    }
}
