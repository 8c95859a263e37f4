package dev.paas.kernel.vm;

import dev.paas.kernel.api.ExitRecord;
import dev.paas.kernel.api.LaunchSpec;
import dev.paas.kernel.api.RunAs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.OptionalInt;

import static dev.paas.kernel.vm.GuestVmTest.BOOT;
import static dev.paas.kernel.vm.GuestVmTest.env;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app's user and the shell, in real guests: the init drops root for the spec's user, and a
 * spec with a {@code shell} line runs {@code sh -c COMMAND} with busybox as the shell, stop and
 * exit code included.
 */
@Tag("vm")
class GuestUserAndShellVmTest {

    static GuestFixture fixture;

    @TempDir
    static Path work;

    @BeforeAll
    static void guest() throws Exception {
        fixture = GuestFixture.create();
    }

    @Test
    void theAppRunsAsVcapAndWritesItsDirItsHomeAndTmpButNotEtc() throws Exception {
        try (GuestFixture.Booted b = fixture.boot(LaunchSpec.of("fixture whoami", "/app", 8080, 5, env()), work)) {
            ExitRecord record = b.vm().awaitExit(BOOT).orElseThrow(() -> new AssertionError(b.console()));
            assertThat(record.code()).as(b.console()).isEqualTo(OptionalInt.of(0));
            // The host name: the kernel's ip= sets the guest's address (never "(none)", which a
            // daemon resolving its own name would send to the DNS server).
            assertThat(b.stdout()).matches("(?s)uid=2000 gid=2000 groups=1 home=/home/vcap user=vcap host=[0-9.]+\n.*");
            assertThat(b.stdout().substring(b.stdout().indexOf('\n') + 1)).isEqualTo("""
                    write /app: ok
                    write /home/vcap: ok
                    write /tmp: ok
                    write /etc: denied
                    """);
        }
    }

    @Test
    void rootWhenTheImageSaysSo() throws Exception {
        LaunchSpec spec = LaunchSpec.of("fixture whoami", "/app", 8080, 5, env()).withUser(RunAs.ROOT);
        try (GuestFixture.Booted b = fixture.boot(spec, work)) {
            b.vm().awaitExit(BOOT).orElseThrow(() -> new AssertionError(b.console()));
            assertThat(b.stdout()).startsWith("uid=0 gid=0 groups=").contains("home=/root user=root")
                    .contains("write /etc: ok");
        }
    }

    @Test
    void aShellCommandRunsAndStopReachesTheAppThroughTheShell() throws Exception {
        // Not "exec": the shell stays the app's parent, so only a SIGTERM to the whole process
        // group reaches the server, which says so on stdout and exits 0.
        LaunchSpec spec = LaunchSpec.of("cd /app && echo started >&2 && fixture serve && echo \"served on $PORT\"",
                "/", 8080, 5, env()).withShell("/bin/sh");
        try (GuestFixture.Booted b = fixture.boot(spec, work)) {
            assertThat(b.awaitHttp200(BOOT)).as(b.console()).contains("hello from paas\n");
            b.vm().requestStop();
            ExitRecord record = b.vm().awaitExit(BOOT).orElseThrow(() -> new AssertionError(b.console()));
            assertThat(record.stop()).as(b.console()).isEqualTo(ExitRecord.Stop.TERM);
            assertThat(b.stderr()).startsWith("started\n");
            assertThat(b.stdout()).contains("fixture: got SIGTERM");
        }
    }

    @Test
    void theShellsExitCodeIsTheExitRecordsCode() throws Exception {
        LaunchSpec spec = LaunchSpec.of("for w in a b; do echo $w; done; fixture exit 7 0 | cat; exit $((3 + 4))",
                "/app", 8080, 5, env()).withShell("/bin/sh");
        try (GuestFixture.Booted b = fixture.boot(spec, work)) {
            ExitRecord record = b.vm().awaitExit(BOOT).orElseThrow(() -> new AssertionError(b.console()));
            assertThat(record.status()).as(b.console()).isEqualTo(ExitRecord.Status.EXITED);
            assertThat(record.code()).isEqualTo(OptionalInt.of(7));
            assertThat(b.stdout()).startsWith("a\nb\n").contains("arg[1]=<exit>");
        }
    }

    @Test
    void theInstanceEnvReachesTheAppOverTheImagesAndIsGoneFromTheRoot() throws Exception {
        java.util.Map<String, String> image = new java.util.LinkedHashMap<>(env());
        image.put("GREETING", "from the image");
        image.put("KEPT", "image value");
        LaunchSpec spec = LaunchSpec.of("echo \"g=$GREETING k=$KEPT i=$CF_INSTANCE_INDEX\"; "
                + "if test -e /paas/env; then echo env-file-present; else echo env-file-gone; fi", "/app", 8080, 5, image)
                .withShell("/bin/sh");
        dev.paas.kernel.api.InstanceEnv instance = new dev.paas.kernel.api.InstanceEnv(
                java.util.Map.of("GREETING", "hi there", "CF_INSTANCE_INDEX", "1"));
        try (GuestFixture.Booted b = fixture.boot(spec, instance, work)) {
            ExitRecord record = b.vm().awaitExit(BOOT).orElseThrow(() -> new AssertionError(b.console()));
            assertThat(record.status()).as(b.console()).isEqualTo(ExitRecord.Status.EXITED);
            assertThat(b.stdout()).isEqualTo("g=hi there k=image value i=1\nenv-file-gone\n");
            assertThat(b.console()).doesNotContain("hi there");
        }
    }
}
