package dev.paas.kernel.infra;

import dev.paas.kernel.api.InstanceEnv;
import dev.paas.kernel.api.LaunchSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The init's command splitting, launch spec reader and /proc/net/tcp line reader, compiled for
 * the host with the C harness in src/test/c and checked against tables (and against
 * {@link LaunchSpec#render()}).
 */
class InitParsingTest {

    @TempDir
    static Path work;
    static Path harness;

    @BeforeAll
    static void compileHarness() throws Exception {
        Path kernelDir = Path.of(System.getProperty("paas.kernel.dir", "."));
        harness = work.resolve("init_harness");
        List<String> cc = new java.util.ArrayList<>(List.of("cc", "-std=c11", "-D_GNU_SOURCE", "-Wall", "-Wextra",
                "-Werror", "-I", kernelDir.resolve("init").toString(), "-o", harness.toString(),
                kernelDir.resolve("src/test/c/init_harness.c").toString()));
        cc.addAll(harnessSources(kernelDir));
        run(cc);
    }

    /** The init sources the harness links with, from {@code src/test/c/init_harness.sources}. */
    public static List<String> harnessSources(Path kernelDir) throws java.io.IOException {
        return java.nio.file.Files.readAllLines(kernelDir.resolve("src/test/c/init_harness.sources")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> kernelDir.resolve(l).toString()).toList();
    }

    static Stream<Arguments> splits() {
        return Stream.of(
                arguments("plain words", "java -jar app.jar", List.of("java", "-jar", "app.jar")),
                arguments("extra blanks", "  a \t b  ", List.of("a", "b")),
                arguments("$PORT expanded", "./server --port $PORT", List.of("./server", "--port", "8080")),
                arguments("${NAME} joined to text", "x${NAME}y", List.of("xpaasy")),
                arguments("unset var vanishes", "a $NOPE b", List.of("a", "b")),
                arguments("unquoted value is split", "java $JAVA_OPTS -jar a", List.of("java", "-Xmx1g", "-Xss1m", "-jar", "a")),
                arguments("quoted value is kept", "echo \"$JAVA_OPTS\"", List.of("echo", "-Xmx1g  -Xss1m")),
                arguments("single quotes are literal", "echo '$PORT \"x\"'", List.of("echo", "$PORT \"x\"")),
                arguments("double quotes group", "echo \"a b\" c", List.of("echo", "a b", "c")),
                arguments("empty quoted word kept", "echo \"\" ''", List.of("echo", "", "")),
                arguments("escapes in double quotes", "echo \"a\\\"b\\\\c\\$d\\n\"", List.of("echo", "a\"b\\c$d\\n")),
                arguments("backslash outside quotes", "echo a\\ b \\$PORT", List.of("echo", "a b", "$PORT")),
                arguments("lone dollar is literal", "echo $ 5", List.of("echo", "$", "5")),
                arguments("metachars inside quotes", "echo 'a|b;c' \"d>e\"", List.of("echo", "a|b;c", "d>e")),
                arguments("hash inside a word", "echo a#b", List.of("echo", "a#b")),
                arguments("hash after an empty quoted word", "''#x", List.of("#x")),
                arguments("dollar before a blank in quotes", "echo \"a$ b\"", List.of("echo", "a$ b")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("splits")
    void splitsLikeTheDocsSay(String name, String command, List<String> expected) throws Exception {
        assertThat(split(command)).containsExactlyElementsOf(expected.stream().map(w -> "<" + w + ">").toList());
    }

    /** What the init prints for a construct that needs a shell. */
    private static String needsShell(String what) {
        return "error: command uses " + what + ", which needs a shell; this image has none (no shell line in the launch spec)";
    }

    private static String metachar(char c) {
        return needsShell("'" + c + "' (pipes, lists, redirections)");
    }

    /**
     * Every construct words.c refuses, each with the whole message: the metacharacters
     * {@code |&;<>()}, backticks and {@code $(...)} (bare and in double quotes), each special
     * parameter {@code $0-9 $@ $* $# $? $$ $! $-}, {@code ${...}} other than {@code ${NAME}}, a
     * {@code #} comment, an assignment before the command, and the malformed inputs.
     */
    static Stream<Arguments> refusals() {
        String special = needsShell("a special parameter like $1, $@ or $?");
        String substitution = needsShell("command substitution $(...)");
        String badSubstitution = "error: command has a bad substitution: only ${NAME} is supported";
        return Stream.of(
                arguments("pipe", "ls | wc", metachar('|')),
                arguments("or list", "a || b", metachar('|')),
                arguments("and list", "a && b", metachar('&')),
                arguments("background", "server &", metachar('&')),
                arguments("semicolon", "a; b", metachar(';')),
                arguments("semicolon without blanks", "a;b", metachar(';')),
                arguments("input redirection", "server < in", metachar('<')),
                arguments("here-document", "cat <<EOF", metachar('<')),
                arguments("output redirection", "a > log", metachar('>')),
                arguments("append redirection", "a >> log", metachar('>')),
                arguments("stderr redirection", "a 2>&1", metachar('>')),
                arguments("subshell", "(a)", metachar('(')),
                arguments("closing parenthesis alone", "a )", metachar(')')),
                arguments("parenthesis inside a word", "a b)c", metachar(')')),
                arguments("backticks", "echo `id`", needsShell("backticks")),
                arguments("backticks in double quotes", "echo \"`id`\"", needsShell("backticks")),
                arguments("command substitution", "echo $(id)", substitution),
                arguments("command substitution in double quotes", "echo \"$(id)\"", substitution),
                arguments("$0", "echo $0", special),
                arguments("$1", "echo $1", special),
                arguments("$9", "echo $9", special),
                arguments("$@", "exec $@", special),
                arguments("\"$@\"", "exec \"$@\"", special),
                arguments("$*", "echo $*", special),
                arguments("$#", "echo $#", special),
                arguments("$?", "echo $?", special),
                arguments("$? in double quotes", "echo \"rc=$?\"", special),
                arguments("$$", "echo $$", special),
                arguments("$!", "echo $!", special),
                arguments("$-", "echo $-", special),
                arguments("default value", "echo ${A:-b}", badSubstitution),
                arguments("empty braces", "echo ${}", badSubstitution),
                arguments("positional in braces", "echo ${1}", badSubstitution),
                arguments("unterminated braces", "echo ${A", badSubstitution),
                arguments("comment", "server # comment", needsShell("a '#' comment")),
                arguments("comment only", "#server", needsShell("a '#' comment")),
                arguments("assignment prefix", "JAVA_HOME=/jre java",
                        needsShell("an assignment before the command (set it with an 'env' line)")),
                arguments("unterminated single", "echo 'a", "error: command has an unterminated single quote"),
                arguments("unterminated double", "echo \"a", "error: command has an unterminated double quote"),
                arguments("lone backslash at the end", "echo \\", "error: command ends with a lone backslash"),
                arguments("only blanks", "   ", "error: command is empty"),
                arguments("only an empty var", "$NOPE", "error: command is empty"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesWhatNeedsAShell(String name, String command, String message) throws Exception {
        assertThat(split(command)).containsExactly(message);
    }

    private static List<String> split(String command) throws Exception {
        return run(List.of(harness.toString(), "split", command, "PORT=8080", "NAME=paas", "JAVA_OPTS=-Xmx1g  -Xss1m"));
    }

    @Test
    void readsWhatJavaRenders() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/app:/jre/bin:/bin");
        env.put("MOTD", "a\\b\nc\td");
        LaunchSpec spec = LaunchSpec.of("java -jar \"my app.jar\"", "/srv/app", 9000, 3, env);
        assertThat(spec(spec.render())).containsExactly(
                "command=<java -jar \"my app.jar\">", "dir=</srv/app>", "port=9000", "grace=3",
                "user=<vcap:2000:2000:/home/vcap>", "shell=<>",
                "env=<PATH=/app:/jre/bin:/bin>", "env=<MOTD=a\\b", "c\td>");
    }

    @Test
    void readsAShellAndAUser() throws Exception {
        LaunchSpec spec = LaunchSpec.of("cd /app && exec ./server").withShell("/bin/sh")
                .withUser(new dev.paas.kernel.api.RunAs("web", 33, 34, "/var/www"));
        assertThat(spec(spec.render())).containsExactly(
                "command=<cd /app && exec ./server>", "dir=</app>", "port=8080", "grace=10",
                "user=<web:33:34:/var/www>", "shell=</bin/sh>");
    }

    @Test
    void appliesDefaultsAndLaterEnvWins() throws Exception {
        assertThat(spec("# comment\n\ncommand ./x\nenv A=1\nenv B=2\nenv A=3\n")).containsExactly(
                "command=<./x>", "dir=</app>", "port=8080", "grace=10", "user=<root:0:0:/root>", "shell=<>",
                "env=<A=3>", "env=<B=2>");
    }

    static Stream<Arguments> badSpecs() {
        return Stream.of(
                arguments("no command", "dir /app\n", "error: launch spec has no 'command' line"),
                arguments("unknown directive", "command x\nuid 0\n", "error: launch spec line 2: unknown directive 'uid'"),
                arguments("user without fields", "command x\nuser root\n", "error: launch spec line 2: user must be NAME:UID:GID:HOME"),
                arguments("user with a bad uid", "command x\nuser a:x:1:/a\n", "error: launch spec line 2: user must be NAME:UID:GID:HOME"),
                arguments("user with a relative home", "command x\nuser a:1:1:a\n", "error: launch spec line 2: user must be NAME:UID:GID:HOME"),
                arguments("duplicate user", "command x\nuser a:1:1:/a\nuser a:1:1:/a\n", "error: launch spec line 3: duplicate 'user'"),
                arguments("relative shell", "command x\nshell sh\n", "error: launch spec line 2: shell must be an absolute path"),
                arguments("duplicate shell", "command x\nshell /bin/sh\nshell /bin/sh\n", "error: launch spec line 3: duplicate 'shell'"),
                arguments("bad escape", "command a\\qb\n", "error: launch spec line 1: bad escape"),
                arguments("no value", "command\n", "error: launch spec line 1: expected 'KEY VALUE'"),
                arguments("port out of range", "command x\nport 0\n", "error: launch spec line 2: port must be 1-65535"),
                arguments("grace too long", "command x\ngrace 601\n", "error: launch spec line 2: grace must be 0-600"),
                arguments("relative dir", "command x\ndir app\n", "error: launch spec line 2: dir must be absolute"),
                arguments("PORT in env", "command x\nenv PORT=1\n", "error: launch spec line 2: env must not set PORT"),
                arguments("bad env", "command x\nenv =1\n", "error: launch spec line 2: env needs NAME=VALUE"),
                arguments("duplicate", "command x\ncommand y\n", "error: launch spec line 2: duplicate 'command'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSpecs")
    void rejectsBadSpecs(String name, String text, String expected) throws Exception {
        List<String> out = spec(text);
        assertThat(out).hasSize(1);
        assertThat(out.get(0)).startsWith(expected);
    }

    @Test
    void instanceEnvReplacesTheImagesAndAddsItsOwn() throws Exception {
        InstanceEnv env = new InstanceEnv(new LinkedHashMap<>(Map.of("A", "instance")));
        Map<String, String> more = new LinkedHashMap<>(env.env());
        more.put("MULTI", "line one\nline\ttwo \\ end");
        assertThat(specWithEnv("command ./x\nenv A=image\nenv PATH=/bin\n", new InstanceEnv(more).render())).containsExactly(
                "command=<./x>", "dir=</app>", "port=8080", "grace=10", "user=<root:0:0:/root>", "shell=<>",
                "env=<A=instance>", "env=<PATH=/bin>", "env=<MULTI=line one", "line\ttwo \\ end>");
    }

    @Test
    void aProcessCommandInTheInstanceEnvReplacesTheImagesCommandAndIsNotPassedOn() throws Exception {
        InstanceEnv env = new InstanceEnv(new LinkedHashMap<>(Map.of("PAAS_PROCESS_COMMAND", "./app --work 'a b'")));
        assertThat(specWithEnv("command ./app\nenv A=image\n", env.render())).containsExactly(
                "command=<./app --work 'a b'>", "dir=</app>", "port=8080", "grace=10", "user=<root:0:0:/root>", "shell=<>",
                "env=<A=image>");
    }

    static Stream<Arguments> badEnvFiles() {
        return Stream.of(
                arguments("a launch spec directive", "command x\n", "error: instance env line 1: expected 'env NAME=VALUE'"),
                arguments("PORT", "env A=1\nenv PORT=1\n", "error: instance env line 2: env must not set PORT"),
                arguments("no name", "env =1\n", "error: instance env line 1: env needs NAME=VALUE"),
                arguments("bad escape", "env A=\\q\n", "error: instance env line 1: bad escape"),
                arguments("an empty process command", "env PAAS_PROCESS_COMMAND=\n",
                        "error: instance env line 1: PAAS_PROCESS_COMMAND is empty"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badEnvFiles")
    void rejectsBadEnvFiles(String name, String text, String expected) throws Exception {
        List<String> out = specWithEnv("command x\n", text);
        assertThat(out).hasSize(1);
        assertThat(out.get(0)).startsWith(expected);
    }

    /** Port 8080 is 1F90. Addresses are 32-bit words in host order (x86-64: little-endian). */
    static Stream<Arguments> tcpLines() {
        String rest = " 00000000:00000000 00:00000000 00000000     0        0 1061 1 000000005e479c33 100 0 0 10 0";
        String any6 = "0".repeat(32);
        return Stream.of(
                arguments("IPv4 any address, LISTEN", "   0: 00000000:1F90 00000000:0000 0A" + rest, 8080, true),
                arguments("IPv4 eth0 address 10.0.2.15", "   1: 0F02000A:1F90 00000000:0000 0A" + rest, 8080, true),
                arguments("IPv6 any address, LISTEN", "   0: " + any6 + ":1F90 " + any6 + ":0000 0A" + rest, 8080, true),
                arguments("IPv4-mapped eth0 address", "   0: 0000000000000000FFFF00000F02000A:1F90 " + any6 + ":0000 0A" + rest, 8080, true),
                arguments("lower-case hex", "   0: 00000000:1f90 00000000:0000 0a" + rest, 8080, true),
                arguments("last port", "   0: 00000000:FFFF 00000000:0000 0A" + rest, 65535, true),
                arguments("wrong port", "   0: 00000000:1F91 00000000:0000 0A" + rest, 8080, false),
                arguments("port 8080 only on the remote side", "   0: 0F02000A:0050 0202000A:1F90 0A" + rest, 8080, false),
                arguments("established, not LISTEN", "   2: 0F02000A:1F90 0202000A:D431 01" + rest, 8080, false),
                arguments("bound, not yet listening (CLOSE)", "   0: 00000000:1F90 00000000:0000 07" + rest, 8080, false),
                arguments("TIME_WAIT", "   3: 0F02000A:1F90 0202000A:D431 06" + rest, 8080, false),
                arguments("IPv4 loopback only", "   0: 0100007F:1F90 00000000:0000 0A" + rest, 8080, false),
                arguments("IPv4 127.0.0.53", "   0: 3500007F:1F90 00000000:0000 0A" + rest, 8080, false),
                arguments("IPv6 loopback only", "   0: 00000000000000000000000001000000:1F90 " + any6 + ":0000 0A" + rest, 8080, false),
                arguments("IPv4-mapped loopback", "   0: 0000000000000000FFFF00000100007F:1F90 " + any6 + ":0000 0A" + rest, 8080, false),
                arguments("header line", "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode", 8080, false),
                arguments("empty line", "", 8080, false),
                arguments("garbage", "hello: world:1F90 0A", 8080, false),
                arguments("cut after the local port", "   0: 00000000:1F90", 8080, false),
                arguments("address of 6 digits", "   0: 000000:1F90 00000000:0000 0A" + rest, 8080, false),
                arguments("address of 40 digits", "   0: " + "0".repeat(40) + ":1F90 00000000:0000 0A" + rest, 8080, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tcpLines")
    void findsTheAppsListeningSocket(String name, String line, int port, boolean listening) throws Exception {
        assertThat(run(List.of(harness.toString(), "listens", Integer.toString(port), line)))
                .containsExactly(listening ? "listening" : "no");
    }

    static Stream<Arguments> restoreLines() {
        String seed = "ab" + "00".repeat(30) + "cd";
        return Stream.of(
                arguments("everything", "restore seed=" + seed + " time=1796553245.000000042 index=2 guid=6f1c-aa ip=10.0.0.21 port=20001",
                        List.of("seed0=ab seed31=cd sec=1796553245 nsec=42",
                                "{\"index\":2,\"guid\":\"6f1c-aa\",\"ip\":\"10.0.0.21\",\"port\":20001,\"restored\":true}")),
                arguments("identity unknown", "restore seed=" + seed + " time=1.000000000",
                        List.of("seed0=ab seed31=cd sec=1 nsec=0",
                                "{\"index\":null,\"guid\":null,\"ip\":null,\"port\":null,\"restored\":true}")),
                arguments("unknown keys ignored", "restore future=x seed=" + seed + " time=5.000000001 index=0",
                        List.of("seed0=ab seed31=cd sec=5 nsec=1",
                                "{\"index\":0,\"guid\":null,\"ip\":null,\"port\":null,\"restored\":true}")),
                arguments("short seed", "restore seed=abcd time=1.000000000", List.of("error: restore: seed must be 64 hex digits")),
                arguments("seed not hex", "restore seed=" + "zz".repeat(32) + " time=1.000000000", List.of("error: restore: seed must be hex")),
                arguments("no seed", "restore time=1.000000000", List.of("error: restore: seed missing")),
                arguments("no time", "restore seed=" + seed, List.of("error: restore: time missing")),
                arguments("time without nanos", "restore seed=" + seed + " time=17", List.of("error: restore: time must be SECONDS.NNNNNNNNN")),
                arguments("guid with a quote", "restore seed=" + seed + " time=1.000000000 guid=a\"b", List.of("error: restore: guid must be letters, digits and '-'")),
                arguments("port out of range", "restore seed=" + seed + " time=1.000000000 port=70000", List.of("error: restore: port must be 1-65535")),
                arguments("bare word", "restore seed", List.of("error: restore: 'seed' is not key=value")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("restoreLines")
    void readsTheRestoreLine(String name, String line, List<String> expected) throws Exception {
        assertThat(run(List.of(harness.toString(), "restore", line))).containsExactlyElementsOf(expected);
    }

    private static List<String> spec(String text) throws Exception {
        Path file = Files.createTempFile(work, "launch", "");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return run(List.of(harness.toString(), "spec", file.toString()));
    }

    private static List<String> specWithEnv(String text, String envText) throws Exception {
        Path file = Files.createTempFile(work, "launch", "");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Path envFile = Files.createTempFile(work, "env", "");
        Files.writeString(envFile, envText, StandardCharsets.UTF_8);
        return run(List.of(harness.toString(), "spec", file.toString(), envFile.toString()));
    }

    static List<String> run(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError(argv.get(0) + " failed: " + out);
        }
        return out.isEmpty() ? List.of() : new ArrayList<>(List.of(out.split("\n")));
    }
}
