package dev.paas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** What end-to-end tests do with apps through the API: push bits, wait for instances. */
final class Apps {

    static final Duration BOOT = Duration.ofSeconds(120);
    /** Debian's busybox-static: a program we did not write, with a shell, httpd, dd and nc. */
    static final Path BUSYBOX = Path.of("/bin/busybox");
    private final Platform platform;

    Apps(Platform platform) {
        this.platform = platform;
    }

    static String path(String app) {
        return "/v1/spaces/default/apps/" + app;
    }

    /** Uploads and stages bits for an app; returns the image digest. */
    String stage(String app, byte[] zip) throws Exception {
        return stage(app, zip, "site.zip");
    }

    /** As {@link #stage(String, byte[])}, for bits under another name (a binary, as the CLI sends one). */
    String stage(String app, byte[] bits, String filename) throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bits));
        HttpRequest put = HttpRequest.newBuilder(URI.create(platform.api() + path(app) + "/packages/" + sha + "?filename=" + filename))
                .header("Authorization", "Bearer " + platform.adminToken).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bits)).build();
        HttpResponse<String> up = platform.http.send(put, HttpResponse.BodyHandlers.ofString());
        assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
        long build = platform.call("POST", path(app) + "/builds", Map.of()).path("id").asLong();
        JsonNode[] last = new JsonNode[1];
        platform.await("build " + build + " finished", Duration.ofMinutes(5), () -> {
            try {
                last[0] = platform.call("GET", path(app) + "/builds/" + build, null);
                return !last[0].path("state").asText().equals("STAGING");
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(last[0].path("state").asText()).as(last[0].toString()).isEqualTo("STAGED");
        return last[0].path("imageDigest").asText();
    }

    List<JsonNode> instances(String app) {
        try {
            List<JsonNode> out = new ArrayList<>();
            platform.call("GET", path(app) + "/instances", null).forEach(out::add);
            return out;
        } catch (Exception e) {
            return List.of();
        }
    }

    /** Waits until exactly {@code n} instances run, all of revision {@code revision} (0: any). */
    void awaitRunning(String app, int n, int revision) throws InterruptedException {
        platform.await(n + " instances of " + app + " RUNNING" + (revision > 0 ? " at revision " + revision : ""), BOOT, () -> {
            List<JsonNode> list = instances(app);
            return list.size() == n && list.stream().allMatch(i -> i.path("state").asText().equals("RUNNING")
                    && (revision == 0 || i.path("revision").asInt() == revision));
        });
    }

    void scale(String app, int instances) throws Exception {
        long version = platform.call("GET", path(app), null).path("version").asLong();
        platform.call("PATCH", path(app), Map.of("version", version, "instances", instances));
    }

    /**
     * The managed-PostgreSQL sample ({@code apps/pgapp/PgApp.java}) as an executable jar with the
     * PostgreSQL JDBC driver from Maven Central packed in (the e2e's own test dependency), as a
     * Spring Boot or shade-plugin jar carries its driver.
     */
    static Path pgAppJar(Path dir) throws Exception {
        Path classes = java.nio.file.Files.createDirectories(dir.resolve("pgapp-classes"));
        Path source = Platform.ROOT.resolve("e2e/src/test/resources/apps/pgapp/PgApp.java");
        int rc = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d",
                classes.toString(), source.toString());
        assertThat(rc).as("javac of the pgapp sample").isZero();
        Path driver = Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        java.util.jar.Manifest mf = new java.util.jar.Manifest();
        mf.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, "PgApp");
        Path jar = dir.resolve("pgapp.jar");
        try (var out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar), mf);
             var in = new java.util.jar.JarFile(driver.toFile());
             var own = java.nio.file.Files.list(classes)) {
            for (Path c : own.toList()) {
                out.putNextEntry(new java.util.jar.JarEntry(c.getFileName().toString()));
                java.nio.file.Files.copy(c, out);
                out.closeEntry();
            }
            for (var e : java.util.Collections.list(in.entries())) {
                String name = e.getName();
                if (name.equals("META-INF/MANIFEST.MF") || name.startsWith("META-INF/versions/") && name.endsWith("module-info.class")
                        || name.equals("module-info.class") || name.matches("META-INF/.*\\.(SF|RSA|DSA)")) {
                    continue;
                }
                out.putNextEntry(new java.util.jar.JarEntry(name));
                in.getInputStream(e).transferTo(out);
                out.closeEntry();
            }
        }
        return jar;
    }

    /** Turns snapshot clones on or off for an app (its later instances boot cold when off). */
    void clones(String app, boolean on) throws Exception {
        long version = platform.call("GET", path(app), null).path("version").asLong();
        platform.call("PATCH", path(app), Map.of("version", version, "clones", on));
    }

    /** The native sample ({@code apps/native/hello.c}) built static with musl, as a user would build it. */
    static Path nativeHello(Path dir) throws IOException, InterruptedException {
        Path bin = dir.resolve("hello-native");
        Process cc = new ProcessBuilder("musl-gcc", "-static", "-O2", "-o", bin.toString(),
                Path.of("src/test/resources/apps/native/hello.c").toAbsolutePath().toString()).inheritIO().start();
        assertThat(cc.waitFor()).as("musl-gcc hello.c").isZero();
        return bin;
    }

    static byte[] site(String html) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            z.putNextEntry(new ZipEntry("index.html"));
            z.write(html.getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        return bytes.toByteArray();
    }
}
