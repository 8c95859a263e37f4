package dev.paas.nodeagent.core;

import dev.paas.nodeagent.core.GuestApp.PortCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Console lines of the init (kernel/README.md, "Console lines") folded into what the port check needs. */
class GuestAppTest {

    private static final String START = "paas-init: app pid=2 watch-port=8080 uptime_ms=912";
    private static final String OLD_START = "paas-init: app pid=2 uptime_ms=912";
    private static final String LISTENING = "paas-init: app listening port=8080 uptime_ms=1030";

    private static GuestApp state(boolean started, Integer port, boolean listening) {
        return new GuestApp(started, port == null ? OptionalInt.empty() : OptionalInt.of(port), listening);
    }

    static Stream<Arguments> lines() {
        return Stream.of(
                arguments("nothing yet", List.of(), state(false, null, false)),
                arguments("start line with the watched port", List.of(START), state(true, 8080, false)),
                arguments("then the listening line", List.of(START, LISTENING), state(true, 8080, true)),
                arguments("kernel lines and diagnostics change nothing",
                        List.of("[    0.512] virtio_net: probe", "paas-init: start uptime_ms=800", START,
                                "paas-init: mount /tmp: No such device"), state(true, 8080, false)),
                arguments("an older init: started, nothing watched", List.of(OLD_START), state(true, null, false)),
                arguments("unknown keys are ignored",
                        List.of("paas-init: app pid=2 cgroup=x watch-port=9000 uptime_ms=1 next=y",
                                "paas-init: app listening port=9000 via=tcp6 uptime_ms=2"), state(true, 9000, true)),
                arguments("listening on another port than watched", List.of(START,
                        "paas-init: app listening port=9090 uptime_ms=1030"), state(true, 8080, false)),
                arguments("listening after an older init's start line", List.of(OLD_START, LISTENING),
                        state(true, null, false)),
                arguments("listening line alone (start line not re-read)", List.of(LISTENING), state(true, 8080, true)),
                arguments("watch-port not a number: an older init's start", List.of(
                        "paas-init: app pid=2 watch-port=http uptime_ms=1"), state(true, null, false)),
                arguments("watch-port out of range", List.of("paas-init: app pid=2 watch-port=65536 uptime_ms=1"),
                        state(true, null, false)),
                arguments("watch-port zero", List.of("paas-init: app pid=2 watch-port=0 uptime_ms=1"),
                        state(true, null, false)),
                arguments("watch-port empty", List.of("paas-init: app pid=2 watch-port= uptime_ms=1"),
                        state(true, null, false)),
                arguments("listening port not a number", List.of(START, "paas-init: app listening port=80a0 uptime_ms=1"),
                        state(true, 8080, false)),
                arguments("listening without a port", List.of(START, "paas-init: app listening uptime_ms=1"),
                        state(true, 8080, false)),
                arguments("listening port with a sign", List.of(START, "paas-init: app listening port=+8080 uptime_ms=1"),
                        state(true, 8080, false)),
                arguments("a cut line", List.of(START, "paas-init: app listen"), state(true, 8080, false)),
                arguments("prefix inside another line", List.of("app says paas-init: app listening port=8080"),
                        state(false, null, false)),
                arguments("empty line", List.of(""), state(false, null, false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lines")
    void foldsTheInitsLines(String name, List<String> lines, GuestApp expected) {
        GuestApp app = GuestApp.NOT_STARTED;
        for (String line : lines) {
            app = app.seen(line);
        }
        assertThat(app).isEqualTo(expected);
    }

    static Stream<Arguments> checks() {
        return Stream.of(
                arguments("not started", GuestApp.NOT_STARTED, true, PortCheck.NOT_STARTED),
                arguments("not started, running (cannot happen)", GuestApp.NOT_STARTED, false, PortCheck.NOT_STARTED),
                arguments("watched, not listening", state(true, 8080, false), true, PortCheck.NOT_LISTENING),
                arguments("watched and listening: a plain connect", state(true, 8080, true), true, PortCheck.CONNECT),
                arguments("older init: the long settle window", state(true, null, false), true, PortCheck.SETTLE_STARTING),
                arguments("liveness, listening", state(true, 8080, true), false, PortCheck.SETTLE_RUNNING),
                arguments("liveness of a re-adopted instance", GuestApp.ASSUMED_STARTED, false, PortCheck.SETTLE_RUNNING));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void choosesThePortCheck(String name, GuestApp app, boolean starting, PortCheck expected) {
        assertThat(app.portCheck(starting)).isEqualTo(expected);
    }
}
