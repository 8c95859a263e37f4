package dev.paas.scheduler.core;

import static dev.paas.scheduler.core.Fixtures.NOW;
import static dev.paas.scheduler.core.Fixtures.converge;
import static dev.paas.scheduler.core.Fixtures.crashed;
import static dev.paas.scheduler.core.Fixtures.node;
import static dev.paas.scheduler.core.Fixtures.web;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.model.InstanceState;
import dev.paas.scheduler.api.ConvergePlan;
import dev.paas.scheduler.api.GaveUp;
import dev.paas.scheduler.api.InstanceId;
import dev.paas.scheduler.api.Placement;
import dev.paas.scheduler.api.RestartLater;
import dev.paas.scheduler.api.StartReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cloud Foundry's crash back-off: the whole sequence, then how convergence applies it. */
class CrashBackoffTest {

    @ParameterizedTest(name = "crash {0} waits {1}")
    @CsvSource({
        "1, PT0S", "2, PT0S", "3, PT0S",
        "4, PT30S", "5, PT1M", "6, PT2M", "7, PT4M", "8, PT8M", "9, PT16M",
        "10, PT16M", "11, PT16M", "40, PT16M", "199, PT16M",
    })
    void delaySequence(int crashCount, Duration expected) {
        assertThat(CrashBackoff.delayAfter(crashCount)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "crash {0}: give up")
    @CsvSource({"200", "201", "1000"})
    void givesUpFromTheTwoHundredthCrash(int crashCount) {
        assertThat(CrashBackoff.decide(crashCount, NOW, NOW.plus(Duration.ofDays(1))))
                .isInstanceOf(CrashBackoff.GiveUp.class);
    }

    @Test
    void restartsOnceTheDelayHasPassedNotBefore() {
        Instant crashedAt = NOW.minusSeconds(60);
        assertThat(CrashBackoff.decide(5, crashedAt, crashedAt.plusSeconds(59)))
                .isEqualTo(new CrashBackoff.RestartAt(crashedAt.plusSeconds(60)));
        assertThat(CrashBackoff.decide(5, crashedAt, crashedAt.plusSeconds(60)))
                .isInstanceOf(CrashBackoff.RestartNow.class);
    }

    @ParameterizedTest(name = "healthy {1} before crashing with count {0}: new count {2}")
    @CsvSource({"7, PT4M59S, 8", "7, PT5M, 1", "0, PT1S, 1", "199, PT1H, 1"})
    void countStartsAnewAfterFiveHealthyMinutes(int previous, Duration healthyFor, int expected) {
        assertThat(CrashBackoff.countAfterCrash(previous, healthyFor, Duration.ofMinutes(5))).isEqualTo(expected);
    }

    @Test
    void convergenceRestartsTheThirdCrashAtOnceInPlace() {
        ConvergePlan plan = converge(List.of(web(1)), List.of(crashed("i0", "web", 0, 3, NOW)),
                List.of(node("n1", 4096)));

        assertThat(plan.start()).containsExactly(new Placement("web", 0, web(1).release(), "n1",
                Optional.of(InstanceId.of("i0")), StartReason.CRASH_RESTART));
    }

    @Test
    void convergenceWaitsOutTheFourthCrash() {
        ConvergePlan plan = converge(List.of(web(1)), List.of(crashed("i0", "web", 0, 4, NOW.minusSeconds(10))),
                List.of(node("n1", 4096)));

        assertThat(plan.start()).isEmpty();
        assertThat(plan.restartLater()).containsExactly(
                new RestartLater(InstanceId.of("i0"), "web", 0, 4, NOW.plusSeconds(20)));
    }

    @Test
    void convergenceRestartsTheFourthCrashAfterThirtySeconds() {
        ConvergePlan plan = converge(List.of(web(1)), List.of(crashed("i0", "web", 0, 4, NOW.minusSeconds(30))),
                List.of(node("n1", 4096)));

        assertThat(plan.start()).extracting(Placement::reason).containsExactly(StartReason.CRASH_RESTART);
    }

    @Test
    void convergenceGivesUpAfterTwoHundredCrashes() {
        ConvergePlan plan = converge(List.of(web(1)), List.of(crashed("i0", "web", 0, 200, NOW.minusSeconds(3600))),
                List.of(node("n1", 4096)));

        assertThat(plan.start()).isEmpty();
        assertThat(plan.gaveUp()).containsExactly(new GaveUp(InstanceId.of("i0"), "web", 0, 200));
    }

    @Test
    void resetsTheCrashCountAfterFiveHealthyMinutes() {
        var healthy = Fixtures.running("i0", "web", 0, "n1").withCrashCount(7)
                .withState(InstanceState.RUNNING, NOW.minus(Duration.ofMinutes(5)));
        var notYet = Fixtures.running("i1", "web", 1, "n1").withCrashCount(7)
                .withState(InstanceState.RUNNING, NOW.minus(Duration.ofMinutes(5)).plusSeconds(1));

        ConvergePlan plan = converge(List.of(web(2)), List.of(healthy, notYet), List.of(node("n1", 4096)));

        assertThat(plan.resetCrashCount()).containsExactly(InstanceId.of("i0"));
        assertThat(plan.start()).isEmpty();
        assertThat(plan.stop()).isEmpty();
    }
}
