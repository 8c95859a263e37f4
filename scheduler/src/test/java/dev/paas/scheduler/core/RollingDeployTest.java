package dev.paas.scheduler.core;

import static dev.paas.scheduler.core.Fixtures.NOW;
import static dev.paas.scheduler.core.Fixtures.converge;
import static dev.paas.scheduler.core.Fixtures.instance;
import static dev.paas.scheduler.core.Fixtures.node;
import static dev.paas.scheduler.core.Fixtures.starts;
import static dev.paas.scheduler.core.Fixtures.stops;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.model.InstanceState;
import dev.paas.scheduler.api.ActualInstance;
import dev.paas.scheduler.api.ConvergePlan;
import dev.paas.scheduler.api.DesiredApp;
import dev.paas.scheduler.api.NodeView;
import dev.paas.scheduler.api.Placement;
import dev.paas.scheduler.api.Release;
import dev.paas.scheduler.api.StartReason;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A rolling deploy of "web" (2 instances) from r1 to r2, step by step, then its variants:
 * more in flight, a memory change, a deploy that never gets healthy, and rollbacks.
 */
class RollingDeployTest {

    private static final List<NodeView> NODES = List.of(node("n1", 4096), node("n2", 4096));
    private static final DesiredApp R2 = DesiredApp.started("web", 2, "r2", 256);

    private static ActualInstance v(String id, int index, String revision, InstanceState state) {
        return instance(id, "web", index, revision, 256, state, index % 2 == 0 ? "n1" : "n2");
    }

    /** An instance created {@code age} ago. */
    private static ActualInstance aged(ActualInstance instance, Duration age) {
        return new ActualInstance(instance.id(), instance.appId(), instance.index(), instance.release(),
                instance.state(), instance.node(), NOW.minus(age), NOW.minus(age), instance.crashCount(),
                instance.endpoint());
    }

    @Test
    void step1StartsTheFirstIndexOnTheNewRevisionOnly() {
        ConvergePlan plan = converge(List.of(R2),
                List.of(v("a0", 0, "r1", InstanceState.RUNNING), v("a1", 1, "r1", InstanceState.RUNNING)), NODES);

        assertThat(plan.start()).extracting(p -> p.index() + ":" + p.release().revision() + ":" + p.reason())
                .containsExactly("0:r2:ROLLING_DEPLOY");
        assertThat(plan.stop()).isEmpty();
    }

    @Test
    void step2WaitsWhileTheNewInstanceStarts() {
        ConvergePlan plan = converge(List.of(R2), List.of(v("a0", 0, "r1", InstanceState.RUNNING),
                v("a1", 1, "r1", InstanceState.RUNNING), v("b0", 0, "r2", InstanceState.STARTING)), NODES);

        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void step3StopsTheOldInstanceOnceTheNewRunsAndMovesOn() {
        ConvergePlan plan = converge(List.of(R2), List.of(v("a0", 0, "r1", InstanceState.RUNNING),
                v("a1", 1, "r1", InstanceState.RUNNING), v("b0", 0, "r2", InstanceState.RUNNING)), NODES);

        assertThat(stops(plan)).containsExactly("a0:REPLACED");
        assertThat(plan.start()).extracting(p -> p.index() + ":" + p.release().revision() + ":" + p.reason())
                .containsExactly("1:r2:ROLLING_DEPLOY");
    }

    @Test
    void step4FinishesTheDeploy() {
        ConvergePlan plan = converge(List.of(R2), List.of(v("b0", 0, "r2", InstanceState.RUNNING),
                v("a1", 1, "r1", InstanceState.RUNNING), v("b1", 1, "r2", InstanceState.RUNNING)), NODES);

        assertThat(stops(plan)).containsExactly("a1:REPLACED");
        assertThat(plan.start()).isEmpty();
    }

    @Test
    void maxInFlightTwoReplacesTwoIndexesAtOnce() {
        var actual = List.of(v("a0", 0, "r1", InstanceState.RUNNING), v("a1", 1, "r1", InstanceState.RUNNING),
                v("a2", 2, "r1", InstanceState.RUNNING));

        ConvergePlan plan = converge(List.of(R2.withInstances(3).withMaxInFlight(2)), actual, NODES);

        assertThat(plan.start()).extracting(Placement::index).containsExactly(0, 1);
    }

    @Test
    void memoryChangeIsARollingRestart() {
        var actual = List.of(v("a0", 0, "r1", InstanceState.RUNNING), v("a1", 1, "r1", InstanceState.RUNNING));

        ConvergePlan plan = converge(List.of(DesiredApp.started("web", 2, "r1", 512)), actual, NODES);

        assertThat(plan.start()).extracting(Placement::release).containsExactly(Release.of("r1", 512));
        assertThat(plan.start()).extracting(Placement::reason).containsExactly(StartReason.ROLLING_DEPLOY);
    }

    @Test
    void diskQuotaChangeIsARollingRestart() {
        var actual = List.of(v("a0", 0, "r1", InstanceState.RUNNING), v("a1", 1, "r1", InstanceState.RUNNING));
        DesiredApp smallerDisk = new DesiredApp("web", dev.paas.model.AppState.STARTED, 2, Release.of("r1", 256, 64),
                dev.paas.scheduler.api.Constraints.none(), DesiredApp.DEFAULT_MAX_IN_FLIGHT, java.util.Optional.empty());

        ConvergePlan plan = converge(List.of(smallerDisk), actual, NODES);

        assertThat(plan.start()).extracting(Placement::release).containsExactly(Release.of("r1", 256, 64));
        assertThat(plan.start()).extracting(Placement::reason).containsExactly(StartReason.ROLLING_DEPLOY);
        assertThat(Release.of("r1", 256, 64)).hasToString("r1/256MB+64MB disk");
        assertThat(Release.of("r1", 256)).as("the default disk").isEqualTo(Release.of("r1", 256, 1024)).hasToString("r1/256MB");
    }

    @Test
    void oldInstanceThatDoesNotServeIsReplacedAtOnce() {
        var actual = List.of(v("a0", 0, "r1", InstanceState.CRASHED).withCrashCount(5),
                v("a1", 1, "r1", InstanceState.RUNNING));

        ConvergePlan plan = converge(List.of(R2), actual, NODES);

        assertThat(stops(plan)).containsExactly("a0:REPLACED");
        assertThat(plan.start()).extracting(p -> p.index() + ":" + p.reason())
                .containsExactly("0:MISSING", "1:ROLLING_DEPLOY");
    }

    @Test
    void deployWithoutRoomWaitsAndTheOldKeepsServing() {
        var actual = List.of(v("a0", 0, "r1", InstanceState.RUNNING), v("a1", 1, "r1", InstanceState.RUNNING));

        ConvergePlan plan = converge(List.of(R2), actual, List.of(node("n1", 256), node("n2", 256)));

        assertThat(plan.stop()).isEmpty();
        assertThat(plan.unplaceable()).singleElement()
                .satisfies(p -> assertThat(p.message()).isEqualTo("pending: 2 nodes insufficient memory"));
    }

    @Test
    void newInstanceStillStartingJustBeforeTheTimeoutIsGivenTime() {
        var actual = List.of(v("a0", 0, "r1", InstanceState.RUNNING), v("a1", 1, "r1", InstanceState.RUNNING),
                aged(v("b0", 0, "r2", InstanceState.STARTING), Duration.ofMinutes(10).minusSeconds(1)));

        ConvergePlan plan = converge(List.of(R2), actual, NODES);

        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void deployNotHealthyWithinTheTimeoutFailsStopsTheNewAndKeepsTheOld() {
        var actual = List.of(v("a0", 0, "r1", InstanceState.RUNNING), v("a1", 1, "r1", InstanceState.RUNNING),
                aged(v("b0", 0, "r2", InstanceState.CRASHED).withCrashCount(4), Duration.ofMinutes(10)));

        ConvergePlan plan = converge(List.of(R2), actual, NODES);

        assertThat(plan.failedDeploys()).singleElement().satisfies(f -> {
            assertThat(f.release()).isEqualTo(Release.of("r2", 256));
            assertThat(f.reason()).isEqualTo("instance 0 of r2/256MB was not healthy within 10m (crashed, 4 crashes)");
        });
        assertThat(stops(plan)).containsExactly("b0:DEPLOY_FAILED");
        assertThat(plan.start()).isEmpty();
        assertThat(plan.restartLater()).isEmpty();
    }

    @Test
    void failedDeployStaysFrozenInLaterRounds() {
        var actual = List.of(v("a0", 0, "r1", InstanceState.RUNNING), v("a1", 1, "r1", InstanceState.RUNNING));

        ConvergePlan plan = converge(List.of(R2.withFailedRelease(R2.release())), actual, NODES);

        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void frozenDeployReplacesALostInstanceWithTheOldRevision() {
        var actual = List.of(v("a0", 0, "r1", InstanceState.RUNNING), instance("a1", "web", 1, "r1", 256,
                InstanceState.RUNNING, "gone"));

        ConvergePlan plan = converge(List.of(R2.withFailedRelease(R2.release())), actual, NODES);

        assertThat(plan.start()).extracting(p -> p.index() + ":" + p.release().revision())
                .containsExactly("1:r1");
    }

    @Test
    void frozenDeployRestartsACrashedOldInstanceInPlace() {
        var actual = List.of(v("a0", 0, "r1", InstanceState.RUNNING),
                v("a1", 1, "r1", InstanceState.CRASHED).withCrashCount(1));

        ConvergePlan plan = converge(List.of(R2.withFailedRelease(R2.release())), actual, NODES);

        assertThat(plan.start()).extracting(p -> p.index() + ":" + p.release().revision() + ":" + p.reason())
                .containsExactly("1:r1:CRASH_RESTART");
    }

    @Test
    void rollbackToTheOldRevisionAfterAFailureHasNothingToReplace() {
        var actual = List.of(v("a0", 0, "r1", InstanceState.RUNNING), v("a1", 1, "r1", InstanceState.RUNNING));
        DesiredApp rolledBack = R2.withFailedRelease(R2.release()).withRelease("r1", 256);

        ConvergePlan plan = converge(List.of(rolledBack), actual, NODES);

        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void rollbackRollsBackIndexesAlreadyOnTheNewRevision() {
        var actual = List.of(v("b0", 0, "r2", InstanceState.RUNNING), v("a1", 1, "r1", InstanceState.RUNNING));

        ConvergePlan plan = converge(List.of(R2.withRelease("r1", 256)), actual, NODES);

        assertThat(plan.start()).extracting(p -> p.index() + ":" + p.release().revision() + ":" + p.reason())
                .containsExactly("0:r1:ROLLING_DEPLOY");
        assertThat(plan.stop()).isEmpty();
    }

    @Test
    void rollbackAsANewRevisionOfAnOlderImageRollsLikeAnyDeploy() {
        // r3 = r1's image: a new revision row, so every instance is replaced, one index at a time.
        var actual = List.of(v("b0", 0, "r2", InstanceState.RUNNING), v("b1", 1, "r2", InstanceState.RUNNING));

        ConvergePlan step1 = converge(List.of(R2.withRelease("r3", 256)), actual, NODES);
        ConvergePlan step2 = converge(List.of(R2.withRelease("r3", 256)), List.of(v("c0", 0, "r3",
                InstanceState.RUNNING), v("b0", 0, "r2", InstanceState.RUNNING), v("b1", 1, "r2",
                InstanceState.RUNNING)), NODES);

        assertThat(starts(step1)).containsExactly("web/0@n1");
        assertThat(stops(step2)).containsExactly("b0:REPLACED");
        assertThat(step2.start()).extracting(p -> p.index() + ":" + p.release().revision())
                .containsExactly("1:r3");
    }

    @Test
    void drainDuringADeployEvacuatesOntoTheNewRevision() {
        var actual = List.of(v("a0", 0, "r1", InstanceState.RUNNING), v("a1", 1, "r1", InstanceState.RUNNING));
        var nodes = List.of(node("n1", 4096).withState(dev.paas.model.NodeState.DRAINING), node("n2", 4096),
                node("n3", 4096));

        ConvergePlan plan = converge(List.of(R2), actual, nodes);

        assertThat(plan.start()).extracting(p -> p.index() + ":" + p.release().revision() + ":" + p.reason())
                .containsExactly("0:r2:EVACUATION", "1:r2:ROLLING_DEPLOY");
    }
}
