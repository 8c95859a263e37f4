package dev.paas.nodeagent.core;

import dev.paas.model.DesiredInstance;
import dev.paas.model.HealthCheck;
import dev.paas.model.HealthCheckType;
import dev.paas.model.InstanceState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ReconcilerTest {

    private static final String IMG = "a".repeat(64);

    private static DesiredInstance d(long id, int mb) {
        return new DesiredInstance(id, "dev", "web", (int) id, IMG, mb, new HealthCheck(HealthCheckType.PORT, null, 60),
                7, Map.of());
    }

    private static DesiredInstance unstaged(long id) {
        return new DesiredInstance(id, "dev", "web", 0, null, 128, null, 0, Map.of());
    }

    private static Reconciler.Local l(long id, InstanceState s) {
        return new Reconciler.Local(id, s, false, 128, 7, OptionalLong.empty());
    }

    private static Reconciler.Local busy(long id, InstanceState s) {
        return new Reconciler.Local(id, s, true, 128, 7, OptionalLong.empty());
    }

    private static Reconciler.Local reported(long id, InstanceState s, long atVersion) {
        return new Reconciler.Local(id, s, false, 128, 7, OptionalLong.of(atVersion));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("nothing desired, nothing local", 5L, List.of(), List.of(), 1024, List.of()),
                Arguments.of("new desired: start", 5L, List.of(d(1, 128), d(2, 128)), List.of(), 1024,
                        List.of("start 1", "start 2")),
                Arguments.of("running and desired: nothing", 5L, List.of(d(1, 128)), List.of(l(1, InstanceState.RUNNING)),
                        1024, List.of()),
                Arguments.of("running, not desired: stop with its grace", 5L, List.of(),
                        List.of(l(1, InstanceState.RUNNING), l(2, InstanceState.STARTING)), 1024,
                        List.of("stop 1 7s", "stop 2 7s")),
                Arguments.of("busy instances are left alone", 5L, List.of(), List.of(busy(1, InstanceState.RUNNING)), 1024,
                        List.of()),
                Arguments.of("stopping: wait", 5L, List.of(), List.of(l(1, InstanceState.STOPPING)), 1024, List.of()),
                Arguments.of("crashed, unreported: keep for the heartbeat", 5L, List.of(d(1, 128)),
                        List.of(l(1, InstanceState.CRASHED)), 1024, List.of()),
                Arguments.of("crashed, reported at a newer version than planned: wait", 5L, List.of(d(1, 128)),
                        List.of(reported(1, InstanceState.CRASHED, 6)), 1024, List.of()),
                Arguments.of("crashed, acknowledged and still desired: restart", 6L, List.of(d(1, 128)),
                        List.of(reported(1, InstanceState.CRASHED, 6)), 1024, List.of("forget 1", "start 1")),
                Arguments.of("crashed, acknowledged, not desired: forget", 6L, List.of(),
                        List.of(reported(1, InstanceState.CRASHED, 5)), 1024, List.of("forget 1")),
                Arguments.of("stopped and acknowledged: forget", 6L, List.of(),
                        List.of(reported(1, InstanceState.STOPPED, 6)), 1024, List.of("forget 1")),
                Arguments.of("not staged yet: nothing to boot", 5L, List.of(unstaged(1)), List.of(), 1024, List.of()),
                Arguments.of("memory limit: refuse what does not fit", 5L, List.of(d(1, 512), d(2, 512), d(3, 512)),
                        List.of(), 1024, List.of("start 1", "start 2", "refuse 3")),
                Arguments.of("running instances count against the limit", 5L, List.of(d(1, 512), d(2, 768)),
                        List.of(new Reconciler.Local(1, InstanceState.RUNNING, false, 512, 7, OptionalLong.empty())), 1024,
                        List.of("refuse 2")),
                Arguments.of("crashed instances hold no memory", 6L, List.of(d(2, 1024)),
                        List.of(l(1, InstanceState.CRASHED)), 1024, List.of("start 2")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void plans(String name, long version, List<DesiredInstance> desired, List<Reconciler.Local> local, int limitMb,
               List<String> expected) {
        List<String> actual = Reconciler.plan(version, desired, local, limitMb).stream().map(a -> {
            if (a instanceof Reconciler.Start s) {
                return "start " + s.instanceId();
            } else if (a instanceof Reconciler.Stop s) {
                return "stop " + s.instanceId() + " " + s.graceSeconds() + "s";
            } else if (a instanceof Reconciler.Forget f) {
                return "forget " + f.instanceId();
            } else {
                return "refuse " + a.instanceId();
            }
        }).toList();
        assertThat(actual).containsExactlyElementsOf(expected);
    }
}
