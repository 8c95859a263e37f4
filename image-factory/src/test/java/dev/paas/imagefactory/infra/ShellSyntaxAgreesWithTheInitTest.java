package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.core.ShellSyntax;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The staging decision and the init agree: a command {@link ShellSyntax} lets through without a
 * shell is one the init's own splitter ({@code kernel/init/words.c}, compiled here with the
 * kernel module's host harness) never refuses for needing a shell. Otherwise an image would be
 * built shell-free for a command its init then refuses at boot.
 */
class ShellSyntaxAgreesWithTheInitTest {

    @TempDir
    static Path work;
    static Path harness;

    @BeforeAll
    static void compileHarness() throws Exception {
        Path kernel = Path.of("../kernel").toAbsolutePath().normalize();
        harness = work.resolve("init_harness");
        List<String> cc = new java.util.ArrayList<>(List.of("cc", "-std=c11", "-D_GNU_SOURCE", "-I",
                kernel.resolve("init").toString(), "-o", harness.toString(),
                kernel.resolve("src/test/c/init_harness.c").toString()));
        // The same sources as the kernel's own InitParsingTest (one list, in the kernel module).
        for (String line : java.nio.file.Files.readAllLines(kernel.resolve("src/test/c/init_harness.sources"))) {
            if (!line.isBlank() && !line.strip().startsWith("#")) {
                cc.add(kernel.resolve(line.strip()).toString());
            }
        }
        String out = run(cc);
        assertThat(harness).as(out).isExecutable();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.paas.imagefactory.core.ShellSyntaxTest#simple")
    void whatNeedsNoShellTheInitSplits(String name, String command) throws Exception {
        assertThat(split(command)).doesNotContain("needs a shell");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.paas.imagefactory.core.ShellSyntaxTest#shell")
    void whatTheInitRefusesNeedsAShell(String name, String command, String why) throws Exception {
        if (split(command).contains("needs a shell")) {
            assertThat(ShellSyntax.needsShell(command)).isPresent();
        }
    }

    @Test
    void randomCommandsAgree() throws Exception {
        String alphabet = "ab $$|&;<>()`'\"\\#{}~*?=-\n\t0@P_";
        Random random = new Random(14);  // fixed: a failure is reproducible
        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            StringBuilder c = new StringBuilder("x");
            for (int n = random.nextInt(12); n > 0; n--) {
                c.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String command = c.toString();
            if (ShellSyntax.needsShell(command).isEmpty() && split(command).contains("needs a shell")) {
                disagreements.add(command);
            }
        }
        assertThat(disagreements).isEmpty();
    }

    private static String split(String command) throws Exception {
        return run(List.of(harness.toString(), "split", command, "PORT=8080"));
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
