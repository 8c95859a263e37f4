package dev.paas.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
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

    @AfterAll
    void stop() throws Exception {
        if (platform != null) {
            platform.close();
        }
    }
}
