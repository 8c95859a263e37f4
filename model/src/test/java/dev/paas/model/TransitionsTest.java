package dev.paas.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The lifecycle tables, written out in full: every pair of states is either listed here or refused. */
class TransitionsTest {

    /** Every move an instance may make besides staying put (InstanceState's diagram). */
    static final Map<InstanceState, String> INSTANCE_MOVES = Map.of(
            InstanceState.UNCLAIMED, "CLAIMED STOPPED",
            InstanceState.CLAIMED, "STARTING RUNNING CRASHED STOPPING STOPPED",
            InstanceState.STARTING, "RUNNING CRASHED STOPPING STOPPED",
            InstanceState.RUNNING, "DRAINING CRASHED STOPPING STOPPED",
            InstanceState.DRAINING, "CRASHED STOPPING STOPPED",
            InstanceState.CRASHED, "STOPPED",
            InstanceState.STOPPING, "CRASHED STOPPED",
            InstanceState.STOPPED, "");

    @ParameterizedTest(name = "from {0}")
    @EnumSource(InstanceState.class)
    void instanceTable(InstanceState from) {
        Set<InstanceState> listed = Arrays.stream(INSTANCE_MOVES.get(from).split(" ")).filter(w -> !w.isEmpty())
                .map(InstanceState::valueOf).collect(Collectors.toCollection(() -> EnumSet.noneOf(InstanceState.class)));
        for (InstanceState to : InstanceState.values()) {
            assertThat(from.allowsTransitionTo(to)).as(from + " -> " + to).isEqualTo(to == from || listed.contains(to));
        }
    }

    @ParameterizedTest(name = "{0} -> {1} refused")
    @CsvSource({"CRASHED, UNCLAIMED", "CRASHED, RUNNING", "DRAINING, RUNNING", "STOPPED, UNCLAIMED", "CLAIMED, UNCLAIMED",
            "STARTING, DRAINING", "UNCLAIMED, DRAINING"})
    void instanceMovesThatAreBugs(InstanceState from, InstanceState to) {
        assertThat(from.allowsTransitionTo(to)).isFalse();
    }

    @Test
    void onlyStatesWithAVmHoldMemory() {
        assertThat(EnumSet.allOf(InstanceState.class).stream().filter(InstanceState::holdsResources))
                .containsExactlyInAnyOrder(InstanceState.CLAIMED, InstanceState.STARTING, InstanceState.RUNNING,
                        InstanceState.DRAINING, InstanceState.STOPPING);
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({"READY, CORDONED, true", "CORDONED, DRAINING, true", "DOWN, READY, true", "DOWN, CORDONED, false",
            "DRAINING, READY, true"})
    void nodeTransitions(NodeState from, NodeState to, boolean allowed) {
        assertThat(from.allowsTransitionTo(to)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @EnumSource(BuildState.class)
    void finishedBuildsStayFinished(BuildState to) {
        assertThat(BuildState.STAGED.allowsTransitionTo(to)).isEqualTo(to == BuildState.STAGED);
        assertThat(BuildState.FAILED.allowsTransitionTo(to)).isEqualTo(to == BuildState.FAILED);
        assertThat(BuildState.STAGING.allowsTransitionTo(to)).isTrue();
    }

    @Test
    void everyStateMayStayPut() {
        for (InstanceState s : InstanceState.values()) {
            assertThat(s.allowsTransitionTo(s)).isTrue();
        }
        for (BuildState s : BuildState.values()) {
            assertThat(s.allowsTransitionTo(s)).isTrue();
        }
        for (NodeState s : NodeState.values()) {
            assertThat(s.allowsTransitionTo(s)).isTrue();
        }
    }

    @Test
    void requireRefusesAMoveOutsideTheTableNamingItsSubject() {
        assertThatThrownBy(() -> BuildState.FAILED.requireTransitionTo(BuildState.STAGED, "build 3"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("build 3: FAILED -> STAGED is not a transition of BuildState");
        assertThatThrownBy(() -> InstanceState.CRASHED.requireTransitionTo(InstanceState.UNCLAIMED, "instance 7"))
                .hasMessage("instance 7: CRASHED -> UNCLAIMED is not a transition of InstanceState");
        InstanceState.RUNNING.requireTransitionTo(InstanceState.DRAINING, "instance 7");
        BuildState.STAGING.requireTransitionTo(BuildState.FAILED, "build 3");
    }
}
