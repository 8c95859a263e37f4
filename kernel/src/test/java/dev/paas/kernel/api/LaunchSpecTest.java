package dev.paas.kernel.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class LaunchSpecTest {

    @Test
    void rendersEveryDirectiveInAFixedOrder() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/app:/jre/bin:/bin");
        env.put("JAVA_OPTS", "-Xmx200m");
        LaunchSpec spec = LaunchSpec.of("java -jar app.jar --port $PORT", "/app", 8080, 10, env);

        assertThat(spec.render()).isEqualTo("""
                command java -jar app.jar --port $PORT
                dir /app
                port 8080
                grace 10
                user vcap:2000:2000:/home/vcap
                env PATH=/app:/jre/bin:/bin
                env JAVA_OPTS=-Xmx200m
                """);
    }

    @Test
    void aShellAndAnotherUserAreLinesOfTheirOwn() {
        LaunchSpec spec = LaunchSpec.of("cd /app && exec ./server").withShell("/bin/sh").withUser(RunAs.ROOT);
        assertThat(spec.render()).isEqualTo("""
                command cd /app && exec ./server
                dir /app
                port 8080
                grace 10
                user root:0:0:/root
                shell /bin/sh
                """);
        assertThat(LaunchSpec.parse(spec.render())).isEqualTo(spec);
    }

    @Test
    void aSpecWithoutAUserLineRunsAsRoot() {
        // What the init does with a spec written before the user line existed.
        assertThat(LaunchSpec.parse("command ./server\n").user()).isEqualTo(RunAs.ROOT);
    }

    static Stream<Arguments> badUsers() {
        return Stream.of(
                arguments("empty name", "", 1, 1, "/h", "user name must match"),
                arguments("colon in name", "a:b", 1, 1, "/h", "user name must match"),
                arguments("negative uid", "a", -1, 1, "/h", "uid and gid must be 0-999999"),
                arguments("huge gid", "a", 1, 1_000_000, "/h", "uid and gid must be 0-999999"),
                arguments("relative home", "a", 1, 1, "home", "home must be an absolute path"),
                arguments("colon in home", "a", 1, 1, "/a:b", "home must be an absolute path"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUsers")
    void rejectsBadUsers(String name, String user, int uid, int gid, String home, String message) {
        assertThatThrownBy(() -> new RunAs(user, uid, gid, home))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void rejectsARelativeShell() {
        assertThatThrownBy(() -> LaunchSpec.of("a | b").withShell("sh"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shell must be an absolute path");
    }

    @Test
    void defaultsMatchTheInit() {
        LaunchSpec spec = LaunchSpec.of("./server");
        assertThat(spec.dir()).isEqualTo("/app");
        assertThat(spec.port()).isEqualTo(8080);
        assertThat(spec.graceSeconds()).isEqualTo(10);
        assertThat(spec.env()).isEmpty();
        assertThat(spec.user()).isEqualTo(RunAs.VCAP);
        assertThat(spec.shell()).isEmpty();
    }

    @Test
    void escapesBackslashNewlineAndTab() {
        LaunchSpec spec = LaunchSpec.of("echo 'a\\b'", "/app", 80, 0, Map.of("MOTD", "line1\nline2\tend"));
        assertThat(spec.render()).contains("command echo 'a\\\\b'\n").contains("env MOTD=line1\\nline2\\tend\n");
        assertThat(LaunchSpec.parse(spec.render())).isEqualTo(spec);
    }

    @Test
    void acceptsUnicode() {
        LaunchSpec spec = LaunchSpec.of("echo h\u00e9llo \uD83D\uDE00", "/app", 80, 0, Map.of("GREETING", "\u4f60\u597d"));
        assertThat(LaunchSpec.parse(spec.render())).isEqualTo(spec);
    }

    @Test
    void keepsEnvOrderAndIsImmutable() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("Z", "1");
        env.put("A", "2");
        LaunchSpec spec = LaunchSpec.of("x", "/app", 80, 1, env);
        env.put("B", "3");
        assertThat(spec.env().keySet()).containsExactly("Z", "A");
        assertThatThrownBy(() -> spec.env().put("C", "4")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void parsesWithDefaultsAndIgnoresCommentsAndBlankLines() {
        LaunchSpec spec = LaunchSpec.parse("# written by the image factory\n\ncommand ./server\n"
                + "user vcap:2000:2000:/home/vcap\nenv A=b=c\n");
        assertThat(spec).isEqualTo(LaunchSpec.of("./server", "/app", 8080, 10, Map.of("A", "b=c")));
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                arguments("blank command", "  ", "/app", 8080, 10, Map.of(), "command must not be blank"),
                arguments("null command", null, "/app", 8080, 10, Map.of(), "command must not be null"),
                arguments("relative dir", "x", "app", 8080, 10, Map.of(), "dir must be an absolute path"),
                arguments("dotdot dir", "x", "/app/../etc", 8080, 10, Map.of(), "dir must be an absolute path"),
                arguments("port 0", "x", "/app", 0, 10, Map.of(), "port must be between 1 and 65535"),
                arguments("port too big", "x", "/app", 65536, 10, Map.of(), "port must be between 1 and 65535"),
                arguments("negative grace", "x", "/app", 8080, -1, Map.of(), "grace must be between 0 and 600"),
                arguments("long grace", "x", "/app", 8080, 601, Map.of(), "grace must be between 0 and 600"),
                arguments("bad env name", "x", "/app", 8080, 10, Map.of("1A", "v"), "env name must match"),
                arguments("env name with =", "x", "/app", 8080, 10, Map.of("A=B", "v"), "env name must match"),
                arguments("PORT in env", "x", "/app", 8080, 10, Map.of("PORT", "1"), "must not set PORT"),
                arguments("NUL in command", "a\0b", "/app", 8080, 10, Map.of(), "control characters"),
                arguments("CR in env value", "x", "/app", 8080, 10, Map.of("A", "a\rb"), "control characters"),
                arguments("lone surrogate", "a\uD800b", "/app", 8080, 10, Map.of(), "lone surrogate"),
                arguments("huge", "x".repeat(70_000), "/app", 8080, 10, Map.of(), "at most 61440"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejects(String name, String command, String dir, int port, int grace, Map<String, String> env, String message) {
        assertThatThrownBy(() -> LaunchSpec.of(command, dir, port, grace, env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    static Stream<Arguments> badText() {
        return Stream.of(
                arguments("no command", "dir /app\n", "'command' directive is required"),
                arguments("unknown directive", "command x\nuid 0\n", "unknown directive 'uid'"),
                arguments("bad user", "command x\nuser root\n", "user must be NAME:UID:GID:HOME"),
                arguments("duplicate user", "command x\nuser a:1:1:/a\nuser a:1:1:/a\n", "duplicate 'user'"),
                arguments("bad escape", "command a\\qb\n", "unknown escape"),
                arguments("no value", "command\n", "expected 'KEY VALUE'"),
                arguments("port not a number", "command x\nport http\n", "expected a number"),
                arguments("duplicate", "command x\ncommand y\n", "duplicate 'command'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badText")
    void parseRejects(String name, String text, String message) {
        assertThatThrownBy(() -> LaunchSpec.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
