package dev.paas.kernel.vm;

import dev.paas.kernel.api.ExitRecord;
import dev.paas.kernel.api.LaunchSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real guests under QEMU (TCG here): the kernel from the cache, our init, the fixture app.
 * Each test is one boot of a couple of seconds.
 */
@Tag("vm")
class GuestVmTest {

    /** Generous: a TCG boot takes 1-3 s, but the machine is shared with other builds. */
    static final Duration BOOT = Duration.ofSeconds(60);
    static GuestFixture fixture;

    @TempDir
    static Path work;

    @BeforeAll
    static void guest() throws Exception {
        fixture = GuestFixture.create();
    }

    static Map<String, String> env(String... kv) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/app:/bin");
        for (int i = 0; i < kv.length; i += 2) {
            env.put(kv[i], kv[i + 1]);
        }
        return env;
    }

    @Test
    void serverAnswersThroughHostfwdAndStopsGracefully() throws Exception {
        // Bound but not listening for 300 ms first: the init must wait for listen().
        LaunchSpec spec = LaunchSpec.of("fixture serve --listen-after-ms 300", "/app", 8080, 5, env());
        try (GuestFixture.Booted b = fixture.boot(spec, work)) {
            assertThat(b.awaitHttp200(BOOT)).as("HTTP 200 via hostfwd; console:\n%s", b.console())
                    .contains("hello from paas\n");
            assertThat(b.stdout()).contains("fixture: listening on 8080\n").doesNotContain("stderr works");
            assertThat(b.stderr()).isEqualTo("fixture: stderr works\n");

            assertThat(b.console()).containsPattern("(?m)^paas-init: app pid=\\d+ watch-port=8080 uptime_ms=\\d+$");
            String listening = b.vm().awaitLine(l -> l.startsWith("paas-init: app listening"), BOOT)
                    .orElseThrow(() -> new AssertionError("no listening line; console:\n" + b.console())).text();
            Matcher m = Pattern.compile("paas-init: app listening port=8080 uptime_ms=(\\d+)").matcher(listening);
            assertThat(m.matches()).as(listening).isTrue();
            Matcher app = Pattern.compile("fixture: listen\\(\\) at uptime_ms=(\\d+)").matcher(b.stdout());
            assertThat(app.find()).as(b.stdout()).isTrue();
            long late = Long.parseLong(m.group(1)) - Long.parseLong(app.group(1));
            System.out.printf("guest vm test: the init saw the app listening %d ms after its listen()%n", late);
            assertThat(late).as("the init's line comes after the app's listen()").isNotNegative();

            long stopAt = System.nanoTime();
            b.vm().requestStop();
            ExitRecord record = b.vm().awaitExit(BOOT).orElseThrow(() -> new AssertionError(b.console()));
            Duration took = Duration.ofNanos(System.nanoTime() - stopAt);

            assertThat(record.status()).isEqualTo(ExitRecord.Status.EXITED);
            assertThat(record.code()).isEqualTo(OptionalInt.of(0));
            assertThat(record.stop()).isEqualTo(ExitRecord.Stop.TERM);
            assertThat(b.stdout()).endsWith("fixture: got SIGTERM\n");
            assertThat(took).isLessThan(Duration.ofSeconds(spec.graceSeconds()));
            assertThat(b.vm().exitValue()).isZero();
            assertThat(b.console().lines().filter(l -> l.startsWith("paas-init: app listening"))).hasSize(1);
        }
    }

    @Test
    void exitCodeArgumentsAndCompleteSeparateOutput() throws Exception {
        int lines = 3000;
        LaunchSpec spec = LaunchSpec.of("fixture exit 3 " + lines + " \"two words\" $PORT ${GREETING}x '$NOT'",
                "/app", 9000, 10, env("GREETING", "hi"));
        try (GuestFixture.Booted b = fixture.boot(spec, work)) {
            ExitRecord record = b.vm().awaitExit(BOOT).orElseThrow(() -> new AssertionError(b.console()));

            assertThat(record.status()).isEqualTo(ExitRecord.Status.EXITED);
            assertThat(record.code()).isEqualTo(OptionalInt.of(3));
            assertThat(record.stop()).isEqualTo(ExitRecord.Stop.NONE);
            String args = "arg[0]=<fixture>\narg[1]=<exit>\narg[2]=<3>\narg[3]=<" + lines + ">\n"
                    + "arg[4]=<two words>\narg[5]=<9000>\narg[6]=<hix>\narg[7]=<$NOT>\n";
            assertThat(b.stdout()).isEqualTo(args + numbered("out", lines));
            assertThat(b.stderr()).isEqualTo(numbered("err", lines));
            assertThat(b.console()).as("the init watches the spec's port").contains(" watch-port=9000 ")
                    .as("an app that never listens gets no listening line").doesNotContain("app listening");
        }
    }

    @Test
    void killBySignalIsReportedAsThatSignal() throws Exception {
        try (GuestFixture.Booted b = fixture.boot(LaunchSpec.of("/app/fixture signal 10"), work)) {
            ExitRecord record = b.vm().awaitExit(BOOT).orElseThrow(() -> new AssertionError(b.console()));
            assertThat(record.status()).isEqualTo(ExitRecord.Status.SIGNALED);
            assertThat(record.signal()).isEqualTo(OptionalInt.of(10));
        }
    }

    @Test
    void appIgnoringSigtermIsKilledWhenTheGraceEnds() throws Exception {
        LaunchSpec spec = LaunchSpec.of("fixture serve --ignore-term", "/app", 8080, 1, env());
        try (GuestFixture.Booted b = fixture.boot(spec, work)) {
            assertThat(b.awaitHttp200(BOOT)).as(b.console()).isPresent();
            long stopAt = System.nanoTime();
            b.vm().requestStop();
            ExitRecord record = b.vm().awaitExit(BOOT).orElseThrow(() -> new AssertionError(b.console()));
            assertThat(record.status()).isEqualTo(ExitRecord.Status.SIGNALED);
            assertThat(record.signal()).isEqualTo(OptionalInt.of(9));
            assertThat(record.stop()).isEqualTo(ExitRecord.Stop.KILL);
            assertThat(Duration.ofNanos(System.nanoTime() - stopAt))
                    .isBetween(Duration.ofSeconds(1), Duration.ofSeconds(10));
            assertThat(b.stdout()).contains("fixture: ignoring SIGTERM").doesNotContain("got SIGTERM");
        }
    }

    @Test
    void missingBinaryGivesAClearExitRecord() throws Exception {
        try (GuestFixture.Booted b = fixture.boot(LaunchSpec.of("/app/server --port $PORT"), work)) {
            ExitRecord record = b.vm().awaitExit(BOOT).orElseThrow(() -> new AssertionError(b.console()));
            assertThat(record.status()).isEqualTo(ExitRecord.Status.FAILED);
            assertThat(record.code()).isEqualTo(OptionalInt.of(127));
            assertThat(record.reason()).contains("exec");
            assertThat(record.message()).contains("cannot run /app/server: No such file or directory");
        }
    }

    @Test
    void missingInterpreterGivesAClearExitRecord() throws Exception {
        try (GuestFixture.Booted b = fixture.boot(LaunchSpec.of("./needs-sh"), work)) {
            ExitRecord record = b.vm().awaitExit(BOOT).orElseThrow(() -> new AssertionError(b.console()));
            assertThat(record.status()).isEqualTo(ExitRecord.Status.FAILED);
            assertThat(record.code()).isEqualTo(OptionalInt.of(127));
            assertThat(record.message()).contains(
                    "cannot run ./needs-sh: No such file or directory (its ELF interpreter or #! interpreter is missing)");
        }
    }

    @Test
    void shellSyntaxIsRefusedWithAClearExitRecord() throws Exception {
        try (GuestFixture.Booted b = fixture.boot(LaunchSpec.of("/app/fixture serve | tee log"), work)) {
            ExitRecord record = b.vm().awaitExit(BOOT).orElseThrow(() -> new AssertionError(b.console()));
            assertThat(record.status()).isEqualTo(ExitRecord.Status.FAILED);
            assertThat(record.reason()).contains("command");
            assertThat(record.message().orElseThrow()).contains("'|'").contains("this image has none");
        }
    }

    private static String numbered(String prefix, int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> prefix + " " + i + "\n").collect(Collectors.joining());
    }
}
