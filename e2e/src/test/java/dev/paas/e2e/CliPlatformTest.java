package dev.paas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What the tests that push with the CLI share: a whole platform (control plane, one node agent,
 * the router) started once per class under {@code target/e2e/<name>}, a work directory and a CLI
 * logged in as the admin; all stopped after the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CliPlatformTest {

    Platform platform;
    Cli cli;
    Path work;

    /** The platform's directory name under {@code target/e2e/}. */
    abstract String platformName();

    @BeforeAll
    void platform() throws Exception {
        platform = Platform.start(platformName());
        platform.startAgent("e2e");
        platform.startRouter();
        work = Files.createDirectories(platform.dir.resolve("work"));
        cli = platform.loggedInCli(work);
    }

    /**
     * The secret is in none of the app's log lines (recent) or events, none of the platform's
     * process logs, and none of the agent's cached image files.
     */
    void assertSecretNowhere(String app, String secret) throws Exception {
        Cli.Run logs = cli.run(work, "logs", app, "--recent");
        Cli.Run events = cli.run(work, "events", app);
        assertThat(events.code()).as(events.toString()).isZero();
        assertThat(logs.out() + logs.err() + events.out()).doesNotContain(secret);
        for (String log : new String[] {"control-plane.log", "node-agent.log", "router.log"}) {
            Path file = platform.dir.resolve(log);
            if (Files.exists(file)) {
                assertThat(Files.readString(file)).as(log).doesNotContain(secret);
            }
        }
        try (Stream<Path> files = Files.walk(platform.dir.resolve("agent"))) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> f.toString().contains("/images/")).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
                        .as("cached image file " + f).doesNotContain(secret);
            }
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (platform != null) {
            platform.close();
        }
    }
}
