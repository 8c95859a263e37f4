package dev.paas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** The shape every command shares: help with an example, exit codes, one-line errors. */
class CommandLineTest {

    @TempDir
    Path tmp;

    static Stream<String> commands() {
        CommandLine cl = Main.commandLine(new Harness(Path.of(System.getProperty("java.io.tmpdir"))).cli());
        // Aliases (cups, uups) share their command's help.
        return cl.getSubcommands().keySet().stream().filter(n -> !n.equals("help"))
                .filter(n -> cl.getSubcommands().get(n).getCommandName().equals(n));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void everyCommandHasHelpWithAnExampleAndJson(String command) {
        Harness.Result r = new Harness(tmp).run(command, "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("Usage: paas " + command).containsPattern("Examples?:\n  paas ")
                .contains("--json");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void thereAreAllTheCommandsOfTheIssue() {
        assertThat(commands()).containsExactlyInAnyOrder("login", "logout", "target", "spaces", "create-space",
                "create-user", "push", "apps", "app", "create-app", "scale", "start", "stop", "restart", "restage", "delete", "env",
                "set-env", "unset-env", "routes", "map-route", "unmap-route", "delete-route", "delete-orphaned-routes", "logs", "events", "revisions", "rollback",
                "pools", "create-pool", "join-token", "nodes", "cordon", "uncordon", "drain",
                "security-groups", "security-group", "create-security-group", "update-security-group",
                "delete-security-group", "bind-security-group", "unbind-security-group", "bind-running-security-group",
                "unbind-running-security-group",
                "create-service", "create-service-broker", "update-service-broker", "delete-service-broker",
                "service-brokers", "marketplace",
                "create-user-provided-service", "update-user-provided-service", "services", "service", "bind-service",
                "unbind-service", "delete-service", "run-task", "tasks", "terminate-task");
    }

    @Test
    void withoutACommandTheListIsShown() {
        Harness.Result r = new Harness(tmp).run();
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Commands:").contains("push").contains("Exit codes: 0 success");
    }

    @Test
    void usageErrorsAreOneLineWithExitTwo() {
        Harness.Result r = new Harness(tmp).run("scale");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("paas: Missing required parameter: 'NAME' (see 'paas scale --help')\n");
        Harness.Result unknown = new Harness(tmp).run("pusj");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("paas: Unmatched argument at index 0: 'pusj'").hasLineCount(1);
        Harness.Result notANumber = new Harness(tmp).run("scale", "x", "-i", "many");
        assertThat(notANumber.code()).isEqualTo(2);
        assertThat(notANumber.err()).startsWith("paas: Invalid value for option '--instances': 'many' is not an int");
    }

    @Test
    void anUnexpectedErrorHasNoStackTraceUnlessDebugging() throws Exception {
        Harness h = new Harness(tmp);
        StubServer cp = new StubServer();
        try (cp) {
            h.loggedIn(cp.url());
            Files.writeString(h.workDir.resolve("a.jar"), "x");
            cp.on("GET", "/v1/spaces/default/apps/a", 200, Fixtures.app("a", 1));
            h.uploaders = api -> (space, app, bits, progress) -> {
                throw new IllegalStateException("boom");
            };
            Harness.Result r = h.run("push", "a", "-p", "a.jar", "--no-route");
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).endsWith("paas: unexpected error: java.lang.IllegalStateException: boom "
                    + "(PAAS_DEBUG=1 shows details)\n").doesNotContain("\tat ");
            h.env.put("PAAS_DEBUG", "1");
            Harness.Result debug = h.run("push", "a", "-p", "a.jar", "--no-route");
            assertThat(debug.err()).contains("paas: unexpected error: java.lang.IllegalStateException: boom\n")
                    .contains("\tat dev.paas.cli.");
        }
    }

    @Test
    void versionIsPrinted() {
        Harness.Result r = new Harness(tmp).run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("paas ");
    }
}
