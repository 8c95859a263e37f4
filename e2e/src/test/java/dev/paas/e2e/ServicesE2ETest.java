package dev.paas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * User-provided services (issue 15): {@code cups} credentials reach the app in
 * {@code VCAP_SERVICES} in Cloud Foundry's shape, bound by the manifest's {@code services:} at
 * push; after {@code unbind-service} and {@code restart} they are gone; the secret is in no log,
 * event or image. The app is Debian's static busybox: {@code httpd} with a CGI script that prints
 * {@code $VCAP_SERVICES} as the instance received it.
 */
@Tag("vm")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServicesE2ETest extends CliPlatformTest {

    static final Path BUSYBOX = Path.of("/bin/busybox");
    static final String APP = "svc";
    static final String HOST = APP + ".localhost";
    static final String SECRET = "cups-s3cr3t-" + ProcessHandle.current().pid();

    @Override
    String platformName() {
        return "services";
    }

    @Test
    @Order(1)
    void cupsCredentialsReachVcapServicesInCloudFoundrysShape() throws Exception {
        assertThat(BUSYBOX).as("Debian's busybox-static (PAAS_PACKAGES)").isExecutable();
        Cli.Run cups = cli.run(work, "cups", "ext-db", "-p", "{\"uri\": \"postgres://app:" + SECRET + "@db.example:5432/orders\", "
                + "\"password\": \"" + SECRET + "\"}", "-t", "postgres, external", "-l", "syslog://logs.example:514");
        assertThat(cups.code()).as(cups.toString()).isZero();
        Cli.Run show = cli.run(work, "service", "ext-db");
        assertThat(show.out()).contains("user-provided").contains("password, uri").doesNotContain(SECRET);

        Path dir = appDir();
        Files.writeString(work.resolve("manifest.yml"), """
                applications:
                - name: %s
                  path: %s
                  memory: 64M
                  command: /app/busybox httpd -f -p $PORT -h /app/www
                  services:
                  - name: ext-db
                    binding_name: orders
                """.formatted(APP, dir));
        Cli.Run push = cli.run(work, "push");
        assertThat(push.code()).as(push.toString()).isZero();
        assertThat(push.err()).contains("bound service ext-db to " + APP);

        JsonNode vcap = Platform.JSON.readTree(awaitVcap(v -> v.has("user-provided")));
        assertThat(vcap.size()).isEqualTo(1);
        JsonNode e = vcap.get("user-provided").get(0);
        assertThat(e.get("label").asText()).isEqualTo("user-provided");
        assertThat(e.get("name").asText()).isEqualTo("orders");
        assertThat(e.get("instance_name").asText()).isEqualTo("ext-db");
        assertThat(e.get("binding_name").asText()).isEqualTo("orders");
        assertThat(e.get("tags").toString()).isEqualTo("[\"postgres\",\"external\"]");
        assertThat(e.get("credentials").get("password").asText()).isEqualTo(SECRET);
        assertThat(e.get("credentials").get("uri").asText()).contains(SECRET);
        assertThat(e.get("syslog_drain_url").asText()).isEqualTo("syslog://logs.example:514");
        assertThat(e.has("instance_guid") && e.has("binding_guid") && e.has("volume_mounts")).isTrue();

        Cli.Run delete = cli.run(work, "delete-service", "ext-db", "-f");
        assertThat(delete.code()).isEqualTo(1);
        assertThat(delete.err()).contains("unbind");
    }

    @Test
    @Order(2)
    void afterUnbindAndRestartTheServiceIsGone() throws Exception {
        Cli.Run unbind = cli.run(work, "unbind-service", APP, "ext-db");
        assertThat(unbind.code()).as(unbind.toString()).isZero();
        assertThat(unbind.err()).contains("paas restart " + APP);
        Cli.Run restart = cli.run(work, "restart", APP);
        assertThat(restart.code()).as(restart.toString()).isZero();
        assertThat(awaitVcap(v -> v.isEmpty())).isEqualTo("{}");
        assertThat(cli.run(work, "delete-service", "ext-db", "-f").code()).isZero();
    }

    @Test
    @Order(3)
    void theSecretIsInNoLogEventOrImage() throws Exception {
        assertSecretNowhere(APP, SECRET);
    }

    /** The page once {@code ready} holds for it (a rolling restart serves the old instance a while). */
    private String awaitVcap(java.util.function.Predicate<JsonNode> ready) throws Exception {
        String[] last = {""};
        platform.await("VCAP_SERVICES as expected", Apps.BOOT, () -> {
            try {
                HttpResponse<String> r = platform.viaRouter(HOST, "/cgi-bin/vcap");
                if (r.statusCode() != 200) {
                    return false;
                }
                last[0] = r.body();
                return ready.test(Platform.JSON.readTree(r.body()));
            } catch (Exception e) {
                return false;
            }
        });
        return last[0];
    }

    private Path appDir() throws Exception {
        Path dir = Files.createDirectories(work.resolve("app"));
        Path cgi = Files.createDirectories(dir.resolve("www/cgi-bin"));
        Files.copy(BUSYBOX, dir.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Platform.ROOT.resolve("e2e/src/test/resources/apps/vcap/vcap.cgi"), cgi.resolve("vcap"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve("www/index.html"), "vcap probe\n");
        for (Path exe : new Path[] {dir.resolve("busybox"), cgi.resolve("vcap")}) {
            Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return dir;
    }
}
