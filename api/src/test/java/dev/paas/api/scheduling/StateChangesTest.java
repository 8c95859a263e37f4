package dev.paas.api.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.api.infra.InstanceEntity;
import dev.paas.api.infra.NodeEntity;
import dev.paas.model.InstanceState;
import dev.paas.model.NodeState;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The scheduler writes states only through their tables: allowed moves stamp the time, others change nothing and throw. */
class StateChangesTest {

    static final Instant BEFORE = Instant.parse("2026-01-01T12:00:00Z");
    static final Instant NOW = BEFORE.plusSeconds(60);

    static InstanceEntity instance(InstanceState state) {
        InstanceEntity i = new InstanceEntity();
        i.id = 7L;
        i.state = state;
        i.stateSince = BEFORE;
        return i;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"UNCLAIMED, CLAIMED", "CRASHED, UNCLAIMED", "CLAIMED, UNCLAIMED", "RUNNING, STOPPING"})
    void anAllowedMoveChangesTheStateAndItsTime(InstanceState from, InstanceState to) {
        InstanceEntity i = instance(from);
        StateChanges.move(i, to, NOW);
        assertThat(i.state).isEqualTo(to);
        assertThat(i.stateSince).isEqualTo(NOW);
    }

    @Test
    void stayingKeepsTheTime() {
        InstanceEntity i = instance(InstanceState.CLAIMED);
        StateChanges.move(i, InstanceState.CLAIMED, NOW);
        assertThat(i.stateSince).isEqualTo(BEFORE);
    }

    @ParameterizedTest(name = "{0} -> {1} refused")
    @CsvSource({"CRASHED, CLAIMED", "RUNNING, CLAIMED", "STOPPED, UNCLAIMED", "UNCLAIMED, RUNNING"})
    void aMoveOutsideTheTableChangesNothing(InstanceState from, InstanceState to) {
        InstanceEntity i = instance(from);
        assertThatThrownBy(() -> StateChanges.move(i, to, NOW))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("instance 7: " + from + " -> " + to);
        assertThat(i.state).isEqualTo(from);
        assertThat(i.stateSince).isEqualTo(BEFORE);
    }

    @Test
    void nodesGoThroughTheirTableToo() {
        NodeEntity n = new NodeEntity();
        n.name = "node-a";
        n.state = NodeState.DRAINING;
        assertThat(StateChanges.move(n, NodeState.DOWN)).isTrue();
        assertThat(StateChanges.move(n, NodeState.DOWN)).isFalse();
        assertThatThrownBy(() -> StateChanges.move(n, NodeState.CORDONED))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("node node-a: DOWN -> CORDONED");
        assertThat(n.state).isEqualTo(NodeState.DOWN);
    }
}
