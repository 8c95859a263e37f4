package dev.paas.api.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.model.BuildState;
import dev.paas.model.InstanceState;
import dev.paas.model.NodeState;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Rows change state only through their tables ({@code moveTo}; ArchitectureTest keeps every other
 * writer out): allowed moves stamp the time, others change nothing and throw.
 */
class StateChangesTest {

    static final Instant BEFORE = Instant.parse("2026-01-01T12:00:00Z");
    static final Instant NOW = BEFORE.plusSeconds(60);

    static InstanceEntity instance(InstanceState state) {
        InstanceEntity i = InstanceEntity.unclaimed(new AppEntity(), 0, BEFORE);
        i.id = 7L;
        i.state = state;
        return i;
    }

    @Test
    void aNewRowIsUnclaimedAndWanted() {
        InstanceEntity i = InstanceEntity.unclaimed(new AppEntity(), 3, BEFORE);
        assertThat(i.state).isEqualTo(InstanceState.UNCLAIMED);
        assertThat(i.stateSince).isEqualTo(BEFORE);
        assertThat(i.createdAt).isEqualTo(BEFORE);
        assertThat(i.idx).isEqualTo(3);
        assertThat(i.desired).isEqualTo(InstanceEntity.Desired.RUN);
        assertThat(i.leaving()).isFalse();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"UNCLAIMED, CLAIMED", "CLAIMED, RUNNING", "RUNNING, DRAINING", "DRAINING, STOPPING", "DRAINING, CRASHED",
            "RUNNING, STOPPING"})
    void anAllowedMoveChangesTheStateAndItsTime(InstanceState from, InstanceState to) {
        InstanceEntity i = instance(from);
        assertThat(i.moveTo(to, NOW)).isTrue();
        assertThat(i.state).isEqualTo(to);
        assertThat(i.stateSince).isEqualTo(NOW);
    }

    @Test
    void stayingKeepsTheTime() {
        InstanceEntity i = instance(InstanceState.CLAIMED);
        assertThat(i.moveTo(InstanceState.CLAIMED, NOW)).isFalse();
        assertThat(i.stateSince).isEqualTo(BEFORE);
    }

    @Test
    void aDrainingInstanceIsLeavingThoughStillWanted() {
        InstanceEntity i = instance(InstanceState.RUNNING);
        i.moveTo(InstanceState.DRAINING, NOW);
        assertThat(i.desired).isEqualTo(InstanceEntity.Desired.RUN);
        assertThat(i.leaving()).isTrue();
    }

    @ParameterizedTest(name = "{0} -> {1} refused")
    @CsvSource({"CRASHED, UNCLAIMED", "CRASHED, CLAIMED", "RUNNING, CLAIMED", "STOPPED, UNCLAIMED", "UNCLAIMED, RUNNING",
            "DRAINING, RUNNING", "STARTING, DRAINING"})
    void aMoveOutsideTheTableChangesNothing(InstanceState from, InstanceState to) {
        InstanceEntity i = instance(from);
        assertThatThrownBy(() -> i.moveTo(to, NOW))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("instance 7: " + from + " -> " + to);
        assertThat(i.state).isEqualTo(from);
        assertThat(i.stateSince).isEqualTo(BEFORE);
    }

    @Test
    void nodesGoThroughTheirTableToo() {
        NodeEntity n = new NodeEntity();
        n.name = "node-a";
        n.joined();
        assertThat(n.state).isEqualTo(NodeState.READY);
        assertThat(n.moveTo(NodeState.DRAINING)).isTrue();
        assertThat(n.moveTo(NodeState.DOWN)).isTrue();
        assertThat(n.moveTo(NodeState.DOWN)).isFalse();
        assertThatThrownBy(() -> n.moveTo(NodeState.CORDONED))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("node node-a: DOWN -> CORDONED");
        assertThat(n.state).isEqualTo(NodeState.DOWN);
    }

    @ParameterizedTest(name = "STAGING -> {0}")
    @CsvSource({"STAGED", "FAILED"})
    void aBuildEndsOnce(BuildState end) {
        BuildEntity b = BuildEntity.staging(new AppEntity(), new PackageEntity());
        b.id = 3L;
        assertThat(b.state).isEqualTo(BuildState.STAGING);
        b.moveTo(end);
        assertThat(b.state).isEqualTo(end);
        BuildState other = end == BuildState.STAGED ? BuildState.FAILED : BuildState.STAGED;
        assertThatThrownBy(() -> b.moveTo(other))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("build 3: " + end + " -> " + other + " is not a transition of BuildState");
        assertThatThrownBy(() -> b.moveTo(BuildState.STAGING)).isInstanceOf(IllegalStateException.class);
        assertThat(b.state).isEqualTo(end);
    }
}
