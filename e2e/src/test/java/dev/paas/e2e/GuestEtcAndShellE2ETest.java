package dev.paas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Unmodified Linux programs from Debian packages, pushed as a native binary with a start command
 * that needs a shell, as Cloud Foundry users write them: webfsd (package webfs) looks its user up
 * in /etc/passwd (it exits with "user unknown" otherwise), takes Content-Type from
 * /etc/mime.types, and runs as the app user; getent (libc-bin) resolves localhost through
 * nsswitch.conf and /etc/hosts. {@code paas stop} reaches the daemon with SIGTERM and its exit
 * code is in the CELL lines.
 */
@Tag("vm")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GuestEtcAndShellE2ETest extends CliPlatformTest {

    static final Path WEBFSD = Path.of("/usr/bin/webfsd");
    static final Path GETENT = Path.of("/usr/bin/getent");
    static final String HOST = "webfs.localhost";


    @Override
    String platformName() {
        return "guest-etc";
    }

    @BeforeAll
    void webfsIsInstalled() {
        assertThat(WEBFSD).as("apt-get install webfs").isExecutable();
    }

    @Test
    @Order(1)
    void aDebianDaemonRunsAsItIsThroughAShellCommand() throws Exception {
        Path dir = Files.createDirectories(work.resolve("webfs"));
        Files.copy(WEBFSD, dir.resolve("webfsd"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(GETENT, Files.createDirectories(dir.resolve("bin")).resolve("getent"), StandardCopyOption.REPLACE_EXISTING);
        for (Path exe : new Path[] {dir.resolve("webfsd"), dir.resolve("bin/getent")}) {
            Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.writeString(www.resolve("index.html"), "<h1>hello from webfs</h1>\n");
        Files.write(www.resolve("module.wasm"), new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        // Unmodified: webfsd's own flags (foreground, IPv4, drop to nobody/nogroup when root);
        // the shell runs cd, echo, getent and exec.
        String command = "cd /app && echo started >&2 && bin/getent ahostsv4 localhost >&2 && "
                + "exec ./webfsd -F -4 -p $PORT -r /app/www -f index.html -u nobody -g nogroup";
        Cli.Run push = cli.run(dir, "push", "webfs", "-p", dir.toString(), "-m", "64M", "-c", command);
        assertThat(push.code()).as(push.toString()).isZero();
        assertThat(push.out() + push.err()).contains("1 of 1 running");

        HttpResponse<String> index = platform.viaRouter(HOST, "/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).isEqualTo("<h1>hello from webfs</h1>\n");
        assertThat(index.headers().firstValue("Server")).hasValueSatisfying(s -> assertThat(s).startsWith("webfs/"));
        // Only /etc/mime.types knows .wasm: webfsd has no table of its own.
        assertThat(platform.viaRouter(HOST, "/module.wasm").headers().firstValue("Content-Type"))
                .contains("application/wasm");

        Cli.Run logs = cli.run(work, "logs", "webfs", "--recent");
        assertThat(logs.out()).as(logs.toString()).contains("[APP/0] ERR started")
                .containsPattern("\\[APP/0\\] ERR 127\\.0\\.0\\.1 +STREAM localhost");
    }

    @Test
    @Order(2)
    void stopSendsSigtermToTheAppAndItsExitCodeIsInTheCellLines() throws Exception {
        Path out = platform.dir.resolve("webfs-logs.out");
        ProcessBuilder pb = new ProcessBuilder("java", "-jar", Platform.ROOT.resolve("cli/target/paas-cli.jar").toString(),
                "logs", "webfs").directory(work.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("PAAS_HOME", platform.dir.resolve("cli").toString());
        Process follow = pb.start();
        try {
            // Following shows new lines only: a request's access-log line says it is connected.
            platform.await("'paas logs' following", Duration.ofSeconds(60), () -> {
                try {
                    platform.viaRouter(HOST, "/");
                } catch (Exception e) {
                    return false;
                }
                return read(out).contains("[RTR]");
            });
            Cli.Run stop = cli.run(work, "stop", "webfs");
            assertThat(stop.code()).as(stop.toString()).isZero();
            platform.await("the exit record in the CELL lines", Apps.BOOT, () -> read(out).contains("paas-exit "));
            // webfsd exits by itself on SIGTERM, well before the grace period's SIGKILL.
            platform.await("the agent's stop line", Duration.ofSeconds(30), () -> read(out).contains("paas-agent: stopped"));
            assertThat(read(out)).containsPattern("\\[CELL/0\\] OUT paas-exit status=exited code=0 stop=term uptime_ms=\\d+")
                    .contains("[CELL/0] OUT paas-init: stop requested, SIGTERM to the app's process group")
                    .contains("[CELL/0] OUT paas-agent: stopped: exited with code 0 (after SIGTERM)");
        } finally {
            follow.destroy();
            follow.waitFor();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
