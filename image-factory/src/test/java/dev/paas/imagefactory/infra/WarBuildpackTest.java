package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.Samples;
import dev.paas.imagefactory.api.BuildRequest;
import dev.paas.imagefactory.api.BuildResult;
import dev.paas.imagefactory.api.ImageFactory;
import dev.paas.imagefactory.api.ImageMetadata;
import dev.paas.imagefactory.api.StagingException;
import dev.paas.imagefactory.core.ServletApi;
import dev.paas.imagefactory.core.ServletContainer;
import dev.paas.imagefactory.core.WarApp;
import dev.paas.kernel.api.Guests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Wars through the whole factory (the real guest, the real JRE and Tomcat caches), and the guest's
 * command run on the host: the launcher and both Tomcats serve the sample war.
 */
class WarBuildpackTest {

    @TempDir
    Path tmp;

    private ImageFactory factory(String store) {
        return ImageFactory.builder().store(ImageFactory.fileStore(tmp.resolve(store)))
                .workDir(tmp.resolve("work")).cacheDir(Guests.defaultCacheDir()).build();
    }

    @Test
    void aJavaxWarFileRunsOnTomcat9AndTheSameWarGivesTheSameDigest() throws Exception {
        List<String> lines = new ArrayList<>();
        BuildResult r = factory("one").build(BuildRequest.of(Samples.war("javax")), lines::add);
        ImageMetadata m = r.image().metadata();
        assertThat(m.runtime()).isEqualTo("java");
        assertThat(m.detected()).isEqualTo("web application (WEB-INF/)");
        assertThat(m.launch().command()).matches("java -XX:MaxRAMPercentage=[0-9.]+ -XX:TieredStopAtLevel=1 \\$JAVA_OPTS -cp"
                + " /paas/tomcat/launcher:/paas/tomcat/lib/tomcat-embed-core-9.0.98.jar"
                + ":/paas/tomcat/lib/tomcat-annotations-api-9.0.98.jar dev.paas.warlauncher.Launcher /app");
        assertThat(m.javaModules()).containsExactlyInAnyOrderElementsOf(ServletContainer.TOMCAT_JAVAX.modules());
        // measured: 94.9 MiB booted at 256M, 98.1 MiB (the fallback module set) did not
        assertThat(m.sizes().rootfs()).as("fits the tmpfs of a 256M guest").isLessThan(92L << 20);
        assertThat(lines).contains("-----> Detected java buildpack: web application (WEB-INF/)",
                "       javax.servlet (WEB-INF/classes refers to javax.servlet (hello/Hello.class)): Tomcat 9.0.98");
        System.out.printf("war image: %d bytes (initramfs %d, rootfs %d)%n", m.totalBytes(), m.initramfs().bytes(),
                m.sizes().rootfs());
        assertThat(factory("two").build(BuildRequest.of(Samples.war("javax")), line -> { }).digest())
                .isEqualTo(r.digest());
    }

    @Test
    void anExplodedJakartaWarRunsOnTomcat11WhenTheJavaBuildpackIsAskedFor() throws Exception {
        Path dir = unzip(Samples.war("jakarta"), tmp.resolve("exploded"));
        List<String> lines = new ArrayList<>();
        ImageMetadata m = factory("s").build(BuildRequest.of(dir).withBuildpack("java_buildpack"), lines::add)
                .image().metadata();
        assertThat(m.launch().command()).contains(ServletContainer.TOMCAT_JAKARTA.classPath());
        assertThat(lines).contains("-----> Requested java buildpack: web application (WEB-INF/)",
                "       modules: Tomcat 11.0.29's and the app's: java.base,java.desktop,java.instrument,java.logging,"
                        + "java.management,java.naming,java.security.jgss,java.sql,jdk.unsupported",
                "       jakarta.servlet (WEB-INF/classes refers to jakarta.servlet (hello/Hello.class)): Tomcat 11.0.29");
    }

    @Test
    void aWarWithNeitherServletApiIsRefusedAndNothingIsStored() throws Exception {
        Path war = tmp.resolve("plain.war");
        Samples.writeZip(war, new TreeMap<>(Map.of("WEB-INF/web.xml", "<web-app/>".getBytes(StandardCharsets.UTF_8),
                "index.html", "<h1>hi</h1>".getBytes(StandardCharsets.UTF_8))));
        List<String> lines = new ArrayList<>();
        assertThatThrownBy(() -> factory("n").build(BuildRequest.of(war), lines::add))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.reason()).isEqualTo(StagingException.Reason.NO_BUILDPACK))
                .hasMessageStartingWith("this war refers to neither javax.servlet nor jakarta.servlet");
        assertThat(lines).anyMatch(l -> l.startsWith("-----> Staging failed: this war refers to neither"));
        assertThat(SafeUnpackTest.listAll(tmp.resolve("n"))).noneMatch(p -> p.toString().contains("sha256"));
    }

    @Test
    void aCorruptWarIsRefused() throws Exception {
        byte[] whole = Files.readAllBytes(Samples.war("jakarta"));
        Path war = tmp.resolve("corrupt.war");
        Files.write(war, Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> factory("c").build(BuildRequest.of(war), line -> { }))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.reason()).isEqualTo(StagingException.Reason.UNSAFE_PACKAGE))
                .hasMessageStartingWith("package is not a readable zip");
    }

    @Test
    void withoutOwnClassesOrDescriptorTheLibrariesDecide() throws Exception {
        Path dir = unzip(Samples.war("jakarta"), tmp.resolve("lib-only"));
        Path classes = dir.resolve("WEB-INF/classes");
        Files.createDirectories(dir.resolve("WEB-INF/lib"));
        Samples.writeZip(dir.resolve("WEB-INF/lib/servlets.jar"), new TreeMap<>(Map.of("hello/Hello.class",
                Files.readAllBytes(classes.resolve("hello/Hello.class")))));
        Files.writeString(dir.resolve("WEB-INF/lib/broken.jar"), "not a zip");
        Trees.deleteTree(classes);
        List<String> lines = new ArrayList<>();
        WarApp.Evidence e = WarBuildpack.evidence(dir, lines::add);
        assertThat(e.libs()).containsOnlyKeys("servlets.jar");
        assertThat(WarApp.decide(e, Map.of())).isEqualTo(new WarApp.Decision(ServletApi.JAKARTA,
                "WEB-INF/lib refers to jakarta.servlet (servlets.jar)"));
        assertThat(lines).singleElement().asString().startsWith("       warning: WEB-INF/lib/broken.jar is not a readable jar");
    }

    @Test
    void aZipBombInWebInfLibIsRefusedBeforeAnythingReadsIt() throws Exception {
        Path dir = unzip(Samples.war("jakarta"), tmp.resolve("bomb"));
        Files.createDirectories(dir.resolve("WEB-INF/lib"));
        Samples.writeZip(dir.resolve("WEB-INF/lib/ok.jar"), new TreeMap<>(Map.of("a/A.class", new byte[100])));
        Samples.writeZip(dir.resolve("WEB-INF/lib/bomb.jar"), new TreeMap<>(Map.of("zeros.class", new byte[8 << 20])));
        assertThatThrownBy(() -> WarBuildpack.checkLibraries(dir, dev.paas.imagefactory.api.UnpackLimits.defaults()))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.reason()).isEqualTo(StagingException.Reason.UNSAFE_PACKAGE))
                .hasMessageStartingWith("unsafe package: entry 'WEB-INF/lib/bomb.jar!/zeros.class': compression ratio"
                        + " over the limit (zip bomb)");
        Files.delete(dir.resolve("WEB-INF/lib/bomb.jar"));
        WarBuildpack.checkLibraries(dir, dev.paas.imagefactory.api.UnpackLimits.defaults());
    }

    @Test
    void theGuestsCommandServesTheWarOnBothTomcats() throws Exception {
        for (String api : List.of("javax", "jakarta")) {
            ServletContainer c = ServletContainer.forApi(ServletApi.valueOf(api.toUpperCase()));
            Path jars = ServletContainers.forHost(Guests.defaultCacheDir()).obtain(c, line -> { });
            Path launcher = Files.createDirectories(tmp.resolve("launcher-" + api + "/dev/paas/warlauncher"));
            Files.write(launcher.resolve("Launcher.class"), WarBuildpack.launcher());
            String cp = c.classPath().replace(ServletContainer.LAUNCHER_DIR, tmp.resolve("launcher-" + api).toString())
                    .replace(ServletContainer.LIB_DIR, jars.toString());
            Path app = unzip(Samples.war(api), tmp.resolve("app-" + api));
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djava.io.tmpdir=" + tmp, "-cp", cp, ServletContainer.LAUNCHER_CLASS, app.toString())
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("tomcat-" + api + ".log").toFile());
            pb.environment().put("PORT", Integer.toString(port));
            Process p = pb.start();
            try {
                String version = c.version();
                assertThat(get(port, "/", Duration.ofSeconds(60)))
                        .as(Files.readString(tmp.resolve("tomcat-" + api + ".log")))
                        .isEqualTo("200 hello from Apache Tomcat/" + version + " (" + api + ".servlet)\n");
                assertThat(get(port, "/index.txt", Duration.ofSeconds(5))).isEqualTo("200 a static file beside the servlet\n");
                assertThat(get(port, "/WEB-INF/classes/hello/Hello.class", Duration.ofSeconds(5))).startsWith("404");
            } finally {
                p.destroy();
                assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
            }
            assertThat(Files.readString(tmp.resolve("tomcat-" + api + ".log"))).doesNotContain("SEVERE");
        }
    }

    private static String get(int port, String path, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                return r.statusCode() + " " + r.body();
            } catch (IOException notYet) {
                if (System.nanoTime() > end) {
                    throw notYet;
                }
                Thread.sleep(200);
            }
        }
    }

    static Path unzip(Path zip, Path dir) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (var e : java.util.Collections.list(z.entries())) {
                Path to = dir.resolve(e.getName());
                Files.createDirectories(to.getParent());
                if (!e.isDirectory()) {
                    Files.write(to, z.getInputStream(e).readAllBytes());
                }
            }
        }
        return dir;
    }
}
