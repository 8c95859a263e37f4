package dev.paas.nodeagent.core;

import dev.paas.model.HealthCheckType;
import dev.paas.model.InstanceState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scripts of events against one monitor. Each step is {@code event@second}: {@code ok} and
 * {@code fail} are finished checks, {@code notready} a check not tried because the app does not
 * listen yet, {@code tick} applies deadlines, {@code exit} is the process ending, {@code stop} a
 * stop request, {@code startfail} a failed start.
 */
class HealthMonitorTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final HealthPolicy POLICY = new HealthPolicy(Duration.ofSeconds(60), Duration.ofMillis(500),
            Duration.ofSeconds(3), Duration.ofSeconds(1), 2);

    static Stream<Arguments> scripts() {
        return Stream.of(
                Arguments.of("starts STARTING", "", InstanceState.STARTING, false, null),
                Arguments.of("first passed check: RUNNING", "fail@1 ok@2", InstanceState.RUNNING, true, null),
                Arguments.of("no pass within the start-up timeout: CRASHED", "fail@10 tick@59 tick@60",
                        InstanceState.CRASHED, false, "did not pass within 60 s: refused"),
                Arguments.of("a failed check after the deadline crashes too", "fail@61",
                        InstanceState.CRASHED, false, "did not pass within 60 s"),
                Arguments.of("one liveness failure is tolerated", "ok@1 fail@4", InstanceState.RUNNING, false, null),
                Arguments.of("two liveness failures in a row: CRASHED", "ok@1 fail@4 fail@5",
                        InstanceState.CRASHED, false, "liveness check (port) failed 2 times: refused"),
                Arguments.of("a pass resets the failure count", "ok@1 fail@4 ok@5 fail@8", InstanceState.RUNNING, false, null),
                Arguments.of("exit while starting: CRASHED with the exit record", "exit@3",
                        InstanceState.CRASHED, false, "exited with code 3"),
                Arguments.of("exit while running: CRASHED", "ok@1 exit@9", InstanceState.CRASHED, false, "exited with code 3"),
                Arguments.of("failed start: CRASHED with the reason", "startfail@0", InstanceState.CRASHED, false,
                        "image digest mismatch"),
                Arguments.of("stop then exit: STOPPED", "ok@1 stop@5 exit@6", InstanceState.STOPPED, false, "exited with code 3"),
                Arguments.of("checks after a stop change nothing", "ok@1 stop@5 fail@6 fail@7", InstanceState.STOPPING, false, null),
                Arguments.of("CRASHED is final for the monitor", "exit@1 ok@2 stop@3", InstanceState.CRASHED, false,
                        "exited with code 3"),
                Arguments.of("the deadline does not touch a RUNNING instance", "ok@1 tick@100", InstanceState.RUNNING, true, null),
                Arguments.of("not ready until the deadline: says what to fix", "notready@1 notready@30 tick@60",
                        InstanceState.CRASHED, false, "the app did not listen on port 8080 ($PORT) within 60 s"),
                Arguments.of("not ready is checked against the deadline itself", "notready@60",
                        InstanceState.CRASHED, false, "the app did not listen on port 8080 ($PORT) within 60 s"),
                Arguments.of("ready, then a real check fails: the usual reason", "notready@1 fail@30 tick@60",
                        InstanceState.CRASHED, false, "health check (port) did not pass within 60 s: refused"),
                Arguments.of("ready, then a check passes", "notready@1 notready@2 ok@3", InstanceState.RUNNING, true, null),
                Arguments.of("not ready while RUNNING counts as a failure", "ok@1 notready@4 notready@5",
                        InstanceState.CRASHED, false, "liveness check (port) failed 2 times: the app did not listen"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void followsCloudFoundrySemantics(String name, String script, InstanceState state, boolean healthy, String reason) {
        HealthMonitor m = HealthMonitor.starting(HealthCheckType.PORT, POLICY, T0);
        for (String step : script.split(" ")) {
            if (step.isEmpty()) {
                continue;
            }
            String[] p = step.split("@");
            Instant at = T0.plusSeconds(Long.parseLong(p[1]));
            switch (p[0]) {
                case "ok" -> m.checked(true, null, at);
                case "fail" -> m.checked(false, "refused", at);
                case "notready" -> m.notReady("the app did not listen on port 8080 ($PORT)", at);
                case "tick" -> m.tick(at);
                case "exit" -> m.exited("exited with code 3", at);
                case "stop" -> m.stopRequested(at);
                case "startfail" -> m.startFailed("image digest mismatch", at);
                default -> throw new IllegalArgumentException(step);
            }
        }
        assertThat(m.state()).isEqualTo(state);
        assertThat(m.healthy()).isEqualTo(healthy);
        if (reason == null) {
            assertThat(m.reason()).isEmpty();
        } else {
            assertThat(m.reason()).hasValueSatisfying(r -> assertThat(r).contains(reason));
        }
    }

    @Test
    void checksAreDueAtTheRightPace() {
        HealthMonitor m = HealthMonitor.starting(HealthCheckType.HTTP, POLICY, T0);
        assertThat(m.checkDue(T0)).isTrue();
        m.checked(false, "503", T0);
        assertThat(m.checkDue(T0.plusMillis(400))).isFalse();
        assertThat(m.checkDue(T0.plusMillis(500))).isTrue();
        m.checked(true, null, T0.plusMillis(500));
        assertThat(m.checkDue(T0.plusMillis(3000))).isFalse();
        assertThat(m.checkDue(T0.plusMillis(3500))).isTrue();
        m.exited("gone", T0.plusSeconds(5));
        assertThat(m.checkDue(T0.plusSeconds(100))).isFalse();
    }

    @Test
    void adoptedVmsKeepTheirStartupWindow() {
        HealthMonitor old = HealthMonitor.adopted(HealthCheckType.PORT, POLICY, T0, T0.plusSeconds(600));
        assertThat(old.state()).isEqualTo(InstanceState.RUNNING);
        assertThat(old.healthy()).isTrue();
        assertThat(old.checkDue(T0.plusSeconds(600))).isTrue();

        HealthMonitor young = HealthMonitor.adopted(HealthCheckType.PORT, POLICY, T0, T0.plusSeconds(5));
        assertThat(young.state()).isEqualTo(InstanceState.STARTING);
        young.tick(T0.plusSeconds(59));
        assertThat(young.state()).isEqualTo(InstanceState.STARTING);
        young.tick(T0.plusSeconds(60));
        assertThat(young.state()).isEqualTo(InstanceState.CRASHED);
    }
}
