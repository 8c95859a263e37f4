package dev.paas.cli;

import static dev.paas.cli.Fixtures.app;
import static dev.paas.cli.Fixtures.instance;
import static dev.paas.cli.Fixtures.page;
import static dev.paas.cli.Fixtures.route;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.cli.infra.Stager;
import dev.paas.cli.infra.Uploader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What {@code paas push} refuses before anything is sent, and how: one line each, never a stack
 * trace (issue 21's "Also found").
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RefusalsTest extends LoggedInCliTest {

    static final String APP = "/v1/spaces/default/apps/hello";

    final List<String> uploads = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        paas.uploaders = api -> (space, app, bits, progress) -> {
            uploads.add(app + " " + bits.size());
            return new Uploader.PackageRef("pkg-1", bits.sha256());
        };
        paas.stagers = api -> (space, app, pkg, buildpacks, log) -> new Stager.Revision(4, "abc");
    }

    /**
     * The refusal is one line on stderr (warnings aside), with no trace, and nothing reached the
     * control plane.
     */
    static void refusedInOneLine(Harness.Result r, String... mentions) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertOneLine(r);
        assertThat(r.err()).contains(mentions);
    }

    /** Every line of stderr is a warning or the one refusal: no trace, no exception's name. */
    static void assertOneLine(Harness.Result r) {
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("Error:");
        assertThat(r.err().lines().filter(l -> !l.startsWith("warning: "))).as(r.err()).hasSize(1)
                .allMatch(l -> l.startsWith("paas: "));
    }

    private void manifest(String yaml) throws Exception {
        Files.writeString(paas.workDir.resolve("manifest.yml"), yaml);
    }

    @Test
    void aSymlinkLeavingThePushedDirectoryIsRefusedByName() throws Exception {
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "the pusher's own file");
        Path site = Files.createDirectories(paas.workDir.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<h1>hi</h1>");
        Files.createDirectories(site.resolve("assets"));
        Files.createSymbolicLink(site.resolve("assets/leak.txt"), secret);

        Harness.Result r = paas.run("push", "hello", "-p", "site");

        refusedInOneLine(r, "assets/leak.txt", "symbolic link", secret.toRealPath().toString(), "outside the pushed directory");
        assertThat(cp.requests()).isEmpty();
        assertThat(uploads).isEmpty();
    }

    @Test
    void aSymlinkToADirectoryOutsideIsRefusedToo() throws Exception {
        Path site = Files.createDirectories(paas.workDir.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<h1>hi</h1>");
        Files.createSymbolicLink(site.resolve("home"), Files.createDirectories(tmp.resolve("elsewhere")));

        refusedInOneLine(paas.run("push", "hello", "-p", "site"), "home in ");
        assertThat(cp.requests()).isEmpty();
    }

    @Test
    void symlinksInsideTheDirectoryArePacked() throws Exception {
        Path site = Files.createDirectories(paas.workDir.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<h1>hi</h1>");
        Files.createSymbolicLink(site.resolve("home.html"), Path.of("index.html"));
        cp.on("GET", APP, 200, app("hello", 6, 0, "256M", "STARTED", "{}"));
        cp.on("GET", "/v1/spaces/default/routes", 200, page(route(1, "hello.localhost", "", "hello")));
        cp.on("GET", APP + "/instances", 200, "[]");

        Harness.Result r = paas.run("push", "hello", "-p", "site");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("packed 2 entries");
        assertThat(uploads).hasSize(1);
    }

    @Test
    void aMappingThatMergesItselfIsRefusedInOneLine() throws Exception {
        manifest("applications:\n- &a {name: hello, <<: *a}\n");
        // The same words as the API's push page (UiPushManifestTest): both read with dev.paas.pushrules.
        refusedInOneLine(paas.run("push"), "paas: manifest.yml, line 2, column 3: applications[0] (merge key <<): "
                + "merge keys (<<) nest more than 8 deep or merge a mapping into itself\n");
    }

    @Test
    void deepNestingIsRefusedInOneLine() throws Exception {
        manifest("applications:\n- name: hello\n  env: " + "[".repeat(20_000) + "]".repeat(20_000) + "\n");
        refusedInOneLine(paas.run("push"), "manifest.yml, line 3", "nested more than 64 deep");
    }

    @Test
    void deepBlockNestingIsRefusedInOneLine() throws Exception {
        StringBuilder yaml = new StringBuilder("applications:\n- name: hello\n  env:\n");
        for (int i = 0; i < 2000; i++) {
            yaml.append(" ".repeat(4 + i)).append("k").append(i).append(":\n");
        }
        manifest(yaml.toString());
        refusedInOneLine(paas.run("push"), "nested more than 64 deep");
    }

    @Test
    void aBillionLaughsIsRefusedInOneLine() throws Exception {
        StringBuilder yaml = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            for (int k = 0; k < 9; k++) {
                yaml.append(k == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            yaml.append("]\n");
        }
        yaml.append("applications:\n- name: hello\n");
        manifest(yaml.toString());
        refusedInOneLine(paas.run("push"), "paas: manifest.yml: more than 50 aliases (*name) of lists "
                + "or mappings; a manifest needs a few\n");
    }

    @Test
    void aSmallerAliasBombUnderTheAliasLimitIsReadQuickly() throws Exception {
        // 40 aliases, 2^20 paths through them: each node is looked at once.
        StringBuilder yaml = new StringBuilder("x0: &x0 [((v))]\n");
        for (int i = 1; i <= 20; i++) {
            yaml.append("x").append(i).append(": &x").append(i).append(" [*x").append(i - 1).append(", *x").append(i - 1)
                    .append("]\n");
        }
        yaml.append("applications:\n- name: hello\n  path: nowhere\n");
        manifest(yaml.toString());
        Harness.Result r = paas.run("push", "--var", "v=1");
        refusedInOneLine(r, "path: 'nowhere' does not exist");
    }

    @Test
    void aMergeFanOutIsBounded() throws Exception {
        StringBuilder yaml = new StringBuilder("m0: &m0 {name: hello}\n");
        for (int i = 1; i <= 6; i++) {
            yaml.append("m").append(i).append(": &m").append(i).append(" {<<: [");
            for (int k = 0; k < 5; k++) {
                yaml.append(k == 0 ? "" : ", ").append("*m").append(i - 1);
            }
            yaml.append("]}\n");
        }
        yaml.append("applications:\n- <<: *m6\n");
        manifest(yaml.toString());
        refusedInOneLine(paas.run("push"), "more than 1000 mappings merged");
    }

    @Test
    void aCommandThatNeedsAShellIsPushedAsItIs() throws Exception {
        // Cloud Foundry runs every start command through a shell; paas images carry one when needed.
        Files.writeString(paas.workDir.resolve("hello.jar"), "jar");
        Harness.Result r = paas.run("push", "hello", "-p", "hello.jar", "-c", "cd /app && ./setup | tee log; exec ./run");
        assertThat(r.err()).doesNotContain("command:");
        assertThat(cp.requests()).as("the push reached the control plane").isNotEmpty();
    }

    @Test
    void anUnplaceableInstanceIsSaidOnceWithOnePendingPrefix() throws Exception {
        Files.writeString(paas.workDir.resolve("hello.jar"), "jar");
        cp.on("GET", APP, 200, app("hello", 6, 1, "8G", "STARTED", "{}"));
        cp.on("GET", "/v1/spaces/default/routes", 200, page());
        String pending = "[" + instance(0, "UNCLAIMED", null, 0, null, "pending: 1 node insufficient memory", 4L) + "]";
        cp.on("GET", APP + "/instances", 200, pending).on("GET", APP + "/instances", 200, pending)
                .on("GET", APP + "/instances", 200, "[" + instance(0, "RUNNING", "node-1", 0, null, null, 4L) + "]");

        Harness.Result r = paas.run("push", "hello", "-p", "hello.jar", "--no-route");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("pending: pending:");
        assertThat(r.err().lines().filter(l -> l.equals("instance 0 pending: 1 node insufficient memory"))).hasSize(1);
    }

    @Test
    void anErrorThrownAnywhereIsOneLineWithoutATrace() throws Exception {
        // An Error (not an Exception) escapes picocli's handler: Main.run still says one line.
        Files.writeString(paas.workDir.resolve("hello.jar"), "jar");
        cp.on("GET", APP, 200, app("hello", 6, 1, "256M", "STARTED", "{}"));
        cp.on("GET", "/v1/spaces/default/routes", 200, page());
        paas.uploaders = api -> (space, app, bits, progress) -> {
            throw new StackOverflowError();
        };
        Harness.Result r = paas.run("push", "hello", "-p", "hello.jar", "--no-route");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).endsWith("paas: unexpected error: java.lang.StackOverflowError (PAAS_DEBUG=1 shows details)\n")
                .doesNotContain("\tat ");
    }

    @Test
    void badInputsOfManyKindsNeverPrintATrace() throws Exception {
        Files.writeString(paas.workDir.resolve("bad.yml"), "applications: [\n");
        for (String[] args : List.of(new String[] {"push", "-f", "bad.yml"}, new String[] {"push", "-i", "many"},
                new String[] {"push", "hello", "-p", "/no/such/dir"}, new String[] {"scale"}, new String[] {"nonsense"},
                new String[] {"push", "--vars-file", "missing.yml"}, new String[] {"push", "hello", "-m", "8 parsecs"})) {
            Harness.Result r = paas.run(args);
            assertThat(r.code()).as(String.join(" ", args)).isNotZero();
            assertOneLine(r);
        }
    }
}
