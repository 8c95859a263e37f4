package dev.paas.cli;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test of CLI commands against a stub control plane ({@link StubServer}), the CLI ({@link
 * Harness}) logged in to it, its home in a temporary directory: what most command tests start from.
 */
abstract class LoggedInCliTest {

    @TempDir
    Path tmp;
    StubServer cp;
    Harness paas;

    @BeforeEach
    void startStubAndLogIn() throws Exception {
        cp = new StubServer();
        paas = new Harness(tmp).loggedIn(cp.url());
    }

    @AfterEach
    void stopStub() {
        cp.close();
    }
}
