package dev.paas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Faults of the control plane's own dependencies (issue 21), on a real control plane with its
 * embedded PostgreSQL and the real image factory: PostgreSQL killed (503 DATABASE_UNAVAILABLE,
 * then back by itself), and the control plane killed mid-staging before a newer push (the newer
 * revision stays current once the old build's lease, shortened here to 20 s, runs out).
 */
@Tag("vm")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResilienceE2ETest {

    Platform platform;

    @BeforeAll
    void platform() throws Exception {
        platform = Platform.start("resilience", Map.of("PAAS_STAGING_LEASE", "20s"));
    }

    @AfterAll
    void stop() throws Exception {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void embeddedPostgresKilledIs503ThenTheApiRecoversByItself() throws Exception {
        Path data = platform.dir.resolve("data");
        assertThat(Files.readString(data.resolve("postgres/pg_hba.conf"))).doesNotContain("trust");
        long pid = Long.parseLong(Files.readAllLines(data.resolve("postgres/postmaster.pid")).get(0).strip());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        postmaster.destroyForcibly();
        postmaster.onExit().get(10, TimeUnit.SECONDS);

        // The watchdog looks every 2 s: the outage is seen before PostgreSQL is back.
        HttpResponse<String> during = platform.send("GET", "/v1/me", null);
        assertThat(during.statusCode()).as(during.body()).isEqualTo(503);
        assertThat(Platform.JSON.readTree(during.body()).get("code").asText()).isEqualTo("DATABASE_UNAVAILABLE");
        assertThat(during.headers().firstValue("Retry-After")).contains("5");

        platform.await("API back by itself", Duration.ofSeconds(60), () -> platform.status("GET", "/v1/me", null) == 200);
        assertThat(Files.readString(platform.dir.resolve("control-plane.log"))).contains("db.embedded-restarted");
        for (int i = 0; i < 20; i++) {
            assertThat(platform.status("GET", "/v1/spaces", null)).isEqualTo(200);
        }
    }

    @Test
    @Order(2)
    void controlPlaneKilledMidStagingThenANewerPushTheNewerRevisionStaysCurrent() throws Exception {
        platform.call("POST", "/v1/spaces/default/apps", Map.of("name", "site", "instances", 0, "memory", "64M"));
        String app = "/v1/spaces/default/apps/site";
        // Incompressible bytes make the old build slow enough to be killed mid-way.
        long old = build(app, site("the OLD bits", 48 * 1024 * 1024));
        platform.await("old build taken", Duration.ofSeconds(60), () -> log(app, old).contains("Staging build " + old));
        Process cp = platform.controlPlane();
        cp.destroyForcibly();
        cp.waitFor(30, TimeUnit.SECONDS);

        platform.restartControlPlane();
        assertThat(state(app, old)).as("the kill came while the old build staged").isEqualTo("STAGING");
        long newer = build(app, site("the NEWER bits", 0));
        platform.await("newer build staged", Duration.ofSeconds(180), () -> "STAGED".equals(state(app, newer)));
        int revision = platform.call("GET", app + "/builds/" + newer, null).get("revision").asInt();
        // The old build's lease runs out; it is taken again and finishes, after the newer push.
        platform.await("old build finished", Duration.ofSeconds(300), () -> !"STAGING".equals(state(app, old)));
        JsonNode oldBuild = platform.call("GET", app + "/builds/" + old, null);
        assertThat(oldBuild.get("state").asText()).isEqualTo("FAILED");
        assertThat(oldBuild.get("error").asText()).contains("superseded");
        assertThat(log(app, old)).contains("again (attempt 2)");
        try (var dirs = Files.list(platform.dir.resolve("data/staging"))) {
            assertThat(dirs.map(d -> d.getFileName().toString())).as("work directories of the old build's attempts")
                    .noneMatch(n -> n.startsWith(old + "-"));
        }
        JsonNode current = null;
        for (JsonNode r : platform.call("GET", app + "/revisions", null)) {
            if (r.get("current").asBoolean()) {
                current = r;
            }
        }
        assertThat(current).as("a current revision").isNotNull();
        assertThat(current.get("number").asInt()).isEqualTo(revision);
    }

    long build(String app, byte[] zip) throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zip));
        HttpRequest put = HttpRequest.newBuilder(URI.create(platform.api() + app + "/packages/" + sha + "?filename=site.zip"))
                .header("Authorization", "Bearer " + platform.adminToken).header("Content-Type", "application/octet-stream")
                .timeout(Duration.ofMinutes(2)).PUT(HttpRequest.BodyPublishers.ofByteArray(zip)).build();
        HttpResponse<String> r = platform.http.send(put, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return platform.call("POST", app + "/builds", Map.of("buildpack", "static")).get("id").asLong();
    }

    String state(String app, long build) {
        try {
            return platform.call("GET", app + "/builds/" + build, null).get("state").asText();
        } catch (Exception e) {
            return "unknown: " + e.getMessage();
        }
    }

    String log(String app, long build) {
        try {
            return platform.send("GET", app + "/builds/" + build + "/log", null).body();
        } catch (Exception e) {
            return "";
        }
    }

    /** A static site: index.html, and {@code padding} random bytes in a second file. */
    static byte[] site(String text, int padding) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("index.html"));
            zip.write(("<html>" + text + " " + System.nanoTime() + "</html>").getBytes(StandardCharsets.UTF_8));
            if (padding > 0) {
                zip.setLevel(0);
                zip.putNextEntry(new ZipEntry("padding.bin"));
                byte[] b = new byte[padding];
                new Random(1).nextBytes(b);
                zip.write(b);
            }
        }
        return out.toByteArray();
    }
}
