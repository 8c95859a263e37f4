package dev.paas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The env at launch (issue 15): images hold no app env, so {@code set-env} + {@code restart}
 * stages nothing, keeps the image digest and serves the new value; a rollback restores the old
 * value and {@code paas env} shows what runs; {@code restage} stages again (same digest). The app is Debian's static busybox whose start
 * command writes its env into the page it then serves, so each instance answers with the env it
 * booted with (two instances: CF_INSTANCE_INDEX 0 and 1).
 */
@Tag("vm")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EnvAtLaunchE2ETest extends CliPlatformTest {

    static final Path BUSYBOX = Apps.BUSYBOX;
    static final String APP = "envy";
    static final String HOST = APP + ".localhost";
    static final String SECRET = "s3cr3t-" + ProcessHandle.current().pid();
    String digest;

    @Override
    String platformName() {
        return "env-at-launch";
    }

    @Test
    @Order(1)
    void aPushedAppGetsItsInstanceIndexAndCloudFoundrysVariables() throws Exception {
        assertThat(BUSYBOX).as("Debian's busybox-static (PAAS_PACKAGES)").isExecutable();
        Path dir = Files.createDirectories(work.resolve(APP));
        Files.copy(BUSYBOX, dir.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(dir.resolve("busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
        String command = "mkdir -p /tmp/www && echo \"greeting=$GREETING index=$CF_INSTANCE_INDEX port=$CF_INSTANCE_PORT "
                + "mem=$MEMORY_LIMIT services=$VCAP_SERVICES\" > /tmp/www/index.html && echo \"$VCAP_APPLICATION\" > /tmp/www/vcap.json "
                + "&& exec /app/busybox httpd -f -p $PORT -h /tmp/www";
        Cli.Run push = cli.run(work, "push", APP, "-p", dir.toString(), "-m", "64M", "-i", "2", "-c", command);
        assertThat(push.code()).as(push.toString()).isZero();
        assertThat(push.out() + push.err()).contains("2 of 2 running");
        digest = currentDigest();

        Set<String> indexes = new HashSet<>();
        platform.await("both instances answering", Duration.ofSeconds(60), () -> {
            String body = get("/");
            assertThat(body).startsWith("greeting= index=").contains(" mem=64m services={}").doesNotContain("port= ");
            indexes.add(body.replaceAll(".* index=([0-9]+) .*\\s*", "$1"));
            return indexes.size() == 2;
        });
        assertThat(indexes).containsExactlyInAnyOrder("0", "1");
        JsonNode vcap = Platform.JSON.readTree(get("/vcap.json"));
        assertThat(vcap.get("application_name").asText()).isEqualTo(APP);
        assertThat(vcap.get("application_uris").toString()).contains(HOST);
        assertThat(vcap.get("limits").get("mem").asInt()).isEqualTo(64);
    }

    @Test
    @Order(2)
    void setEnvThenRestartStagesNothingKeepsTheDigestAndServesTheNewValue() throws Exception {
        long stgBefore = stgLines();
        assertThat(cli.run(work, "set-env", APP, "GREETING", "bonjour").code()).isZero();
        assertThat(cli.run(work, "set-env", APP, "API_TOKEN", SECRET).code()).isZero();
        Cli.Run env = cli.run(work, "env", APP);
        assertThat(env.out()).as("not applied yet: what runs").doesNotContain("GREETING");
        assertThat(env.err()).contains("GREETING (set)");

        long t0 = System.nanoTime();
        Cli.Run restart = cli.run(work, "restart", APP);
        assertThat(restart.code()).as(restart.toString()).isZero();
        System.out.printf("e2e.env restart_ms=%d (2 instances, rolling, no staging)%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(restart.out() + restart.err()).doesNotContain("STG").doesNotContain("Staging").doesNotContain("----->")
                .contains("2 of 2 running").contains("restarted " + APP + " (revision 2");
        assertThat(currentDigest()).as("the same image").isEqualTo(digest);
        assertThat(stgLines()).as("no STG line").isEqualTo(stgBefore);
        platform.await("the new value from every instance", Duration.ofSeconds(60), () -> {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                seen.add(get("/").replaceAll(" index=.*\\s*", ""));
            }
            return seen.equals(Set.of("greeting=bonjour"));
        });
        Cli.Run shown = cli.run(work, "env", APP);
        assertThat(shown.out()).contains("GREETING=bonjour").contains("API_TOKEN=" + SECRET);
        assertThat(shown.err()).doesNotContain("not applied");
    }

    @Test
    @Order(3)
    void theSecretIsInNoLogEventOrImageAndItsFilesAreTheAgentsAlone() throws Exception {
        assertSecretNowhere(APP, SECRET);
        try (Stream<Path> files = Files.walk(platform.dir.resolve("agent"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                if (name.equals("initramfs-env.cpio") || name.equals("desired.json")) {
                    assertThat(Files.getPosixFilePermissions(f)).as(f.toString())
                            .isEqualTo(PosixFilePermissions.fromString("rw-------"));
                }
            }
        }
    }

    @Test
    @Order(4)
    void rollbackRestoresTheOldValueAndPaasEnvShowsWhatRuns() throws Exception {
        Cli.Run rollback = cli.run(work, "rollback", APP, "--version", "1");
        assertThat(rollback.code()).as(rollback.toString()).isZero();
        platform.await("the old value from every instance", Apps.BOOT, () -> {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                seen.add(get("/").replaceAll(" index=.*\\s*", ""));
            }
            return seen.equals(Set.of("greeting="));
        });
        Cli.Run env = cli.run(work, "env", APP);
        assertThat(env.out()).doesNotContain("GREETING").doesNotContain(SECRET);
        assertThat(env.err()).doesNotContain("not applied");
        assertThat(currentDigest()).isEqualTo(digest);
    }

    @Test
    @Order(5)
    void restageStagesAgainIntoTheSameDigest() throws Exception {
        long stgBefore = stgLines();
        long t0 = System.nanoTime();
        Cli.Run restage = cli.run(work, "restage", APP);
        assertThat(restage.code()).as(restage.toString()).isZero();
        System.out.printf("e2e.env restage_ms=%d (2 instances, rolling, staging)%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(restage.out()).contains("-----> Image sha256:" + digest);
        assertThat(currentDigest()).isEqualTo(digest);
        assertThat(stgLines()).isGreaterThan(stgBefore);
    }

    private String get(String path) {
        try {
            HttpResponse<String> r = platform.viaRouter(HOST, path);
            return r.statusCode() == 200 ? r.body() : "status " + r.statusCode();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private String currentDigest() throws Exception {
        for (JsonNode r : platform.call("GET", Apps.path(APP) + "/revisions", null)) {
            if (r.path("current").asBoolean()) {
                return r.path("imageDigest").asText();
            }
        }
        throw new AssertionError("no current revision");
    }

    private long stgLines() throws Exception {
        Cli.Run logs = cli.run(work, "logs", APP, "--recent");
        return logs.out().lines().filter(l -> l.contains("[STG")).count();
    }
}
