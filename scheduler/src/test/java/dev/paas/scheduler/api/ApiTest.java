package dev.paas.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The door as callers use it: the README's example, and the records' own rules. */
class ApiTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void readmeExample() {
        var lastHeartbeat = NOW.minusSeconds(3);
        var nodes = List.of(NodeView.ready("node-a", 8192, lastHeartbeat), NodeView.ready("node-b", 8192, lastHeartbeat));
        var apps = List.of(DesiredApp.started("web", 3, "rev-7", 256));
        var actual = List.<ActualInstance>of();

        ConvergePlan plan = Converger.standard().converge(new ConvergeInput(apps, actual, nodes, NOW));

        assertThat(plan.start()).extracting(p -> p.index() + "@" + p.node())
                .containsExactly("0@node-a", "1@node-b", "2@node-a");
        assertThat(plan.start()).allSatisfy(p -> {
            assertThat(p.release()).isEqualTo(Release.of("rev-7", 256));
            assertThat(p.instance()).isEmpty();
            assertThat(p.reason()).isEqualTo(StartReason.MISSING);
        });
        assertThat(plan.unplaceable()).isEmpty();
    }

    @Test
    void pendingMessagesCountNodesMostCommonReasonFirst() {
        assertThat(new Rejections(Map.of("node cordoned", 1, "insufficient memory", 3)).message())
                .isEqualTo("pending: 3 nodes insufficient memory, 1 cordoned");
        assertThat(new Rejections(Map.of("node down", 1)).message()).isEqualTo("pending: 1 node down");
        assertThat(new Rejections(Map.of()).message()).isEqualTo("pending: no nodes");
    }

    @Test
    void recordsRefuseWhatCannotBeScheduled() {
        DesiredApp app = DesiredApp.started("web", 1, "r1", 256);

        assertThatIllegalArgumentException().isThrownBy(() -> app.withMaxInFlight(0));
        assertThatIllegalArgumentException().isThrownBy(() -> app.withInstances(-1));
        assertThatIllegalArgumentException().isThrownBy(() -> Release.of("r1", 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new Route("example.com", "api", "web"));
    }

    @Test
    void sameAppTwiceInASnapshotIsRefused() {
        var apps = List.of(DesiredApp.started("web", 1, "r1", 256), DesiredApp.started("web", 2, "r1", 256));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> Converger.standard().converge(new ConvergeInput(apps, List.of(), List.of(), NOW)));
    }

    @Test
    void rolloutIsFrozenOnlyWhileTheFailedReleaseIsDesired() {
        DesiredApp failed = DesiredApp.started("web", 1, "r2", 256).withFailedRelease(Release.of("r2", 256));

        assertThat(failed.rolloutFrozen()).isTrue();
        assertThat(failed.withRelease("r1", 256).rolloutFrozen()).isFalse();
        assertThat(failed.withRelease("r2", 512).rolloutFrozen()).isFalse();
    }

    @Test
    void instanceIdsSortNumericallyWhenTheyAreNumbers() {
        assertThat(List.of(InstanceId.of("10"), InstanceId.of("9"), InstanceId.of("100")).stream().sorted())
                .containsExactly(InstanceId.of("9"), InstanceId.of("10"), InstanceId.of("100"));
    }
}
