package dev.paas.api.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.api.scheduling.Drains.Verdict;
import dev.paas.model.InstanceState;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The drain handshake's decisions, as tables: when a stop unroutes first, and when an unrouted instance is stopped. */
class DrainsTest {

    static final Instant UNROUTED = Instant.parse("2026-01-01T12:00:00Z");

    @ParameterizedTest(name = "{0}s after unrouting, {1}, routers synced={2} -> {3}")
    @CsvSource({
            // waits while a live router may still send it requests
            "0,  RUNNING,  false, WAIT",
            "29, RUNNING,  false, WAIT",
            // every live router serves a table without it
            "0,  RUNNING,  true,  STOP",
            "45, RUNNING,  true,  STOP",
            // left RUNNING by itself: nothing to wait for
            "1,  CRASHED,  false, STOP",
            "1,  STOPPING, false, STOP",
            // 30 s at most, then stopped anyway (and logged as timed out)
            "30, RUNNING,  false, STOP_OVERDUE",
            "31, CRASHED,  false, STOP_OVERDUE",
    })
    void verdict(int secondsLater, InstanceState state, boolean synced, Verdict expected) {
        assertThat(Drains.verdict(UNROUTED, state, synced, UNROUTED.plusSeconds(secondsLater))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "in route table={0}, routed by a live router={1} -> unroute first={2}")
    @CsvSource({
            "true,  true,  true",
            "true,  false, false",
            "false, true,  false",
            "false, false, false",
    })
    void unrouteFirst(boolean inTable, boolean routed, boolean expected) {
        assertThat(Drains.unrouteFirst(inTable, routed)).isEqualTo(expected);
    }
}
