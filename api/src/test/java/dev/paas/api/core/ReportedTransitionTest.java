package dev.paas.api.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.model.InstanceState;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a node's report of an instance leaves recorded: moves of the table only, never into the scheduler's own states. */
class ReportedTransitionTest {

    @ParameterizedTest(name = "recorded {0}, reported {1} -> {2}")
    @CsvSource({
            "CLAIMED,   STARTING, STARTING",
            "CLAIMED,   RUNNING,  RUNNING",   // booted between two heartbeats
            "RUNNING,   CRASHED,  CRASHED",
            "RUNNING,   RUNNING,  RUNNING",
            // the agent does not know about draining: its VM still runs
            "DRAINING,  RUNNING,  DRAINING",
            "DRAINING,  STOPPING, STOPPING",
            "DRAINING,  CRASHED,  CRASHED",
            // refused
            "CRASHED,   RUNNING,  ",
            "STOPPED,   RUNNING,  ",
            "RUNNING,   CLAIMED,  ",
            "RUNNING,   DRAINING, ",   // only the scheduler drains
            "CLAIMED,   UNCLAIMED, ",  // only the scheduler releases
            "CRASHED,   UNCLAIMED, ",
    })
    void recorded(InstanceState recorded, InstanceState reported, InstanceState expected) {
        assertThat(ReportedTransition.next(recorded, reported)).isEqualTo(Optional.ofNullable(expected));
    }
}
