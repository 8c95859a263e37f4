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
            Path app = unzip(Samples.war(api), tmp.resolve("app-" + api));
            Path log = tmp.resolve("tomcat-" + api + ".log");
            try (Served s = serve(c, app, log)) {
                assertThat(get(s.port(), "/")).as(Files.readString(log))
                        .isEqualTo("200 hello from Apache Tomcat/" + c.version() + " (" + api + ".servlet)\n");
                assertThat(get(s.port(), "/index.txt"))
                        .isEqualTo("200 a static file beside the servlet\n");
                assertThat(get(s.port(), "/WEB-INF/classes/hello/Hello.class")).startsWith("404");
            }
            assertThat(Files.readString(log)).doesNotContain("SEVERE");
        }
    }

    /**
     * A war of code we did not write: Prometheus' MetricsServlet (simpleclient_servlet 0.16.0 and
     * its dependencies from Maven Central, javax) mapped by a Java EE web.xml, no class of its own.
     */
    @Test
    void aWarOfThirdPartyJarsOnlyIsDecidedByItsDescriptorAndServed() throws Exception {
        Path app = Files.createDirectories(tmp.resolve("metrics/WEB-INF/lib"));
        List<String> jars = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(p -> p.contains("/io/prometheus/") && p.endsWith(".jar")).toList();
        assertThat(jars).anyMatch(j -> j.contains("simpleclient_servlet-0.16.0.jar"));
        for (String j : jars) {
            Files.copy(Path.of(j), app.resolve(Path.of(j).getFileName().toString()));
        }
        Files.writeString(app.resolveSibling("web.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="http://xmlns.jcp.org/xml/ns/javaee" version="3.1">
                  <servlet><servlet-name>metrics</servlet-name>
                    <servlet-class>io.prometheus.client.exporter.MetricsServlet</servlet-class></servlet>
                  <servlet-mapping><servlet-name>metrics</servlet-name><url-pattern>/metrics</url-pattern></servlet-mapping>
                </web-app>
                """);
        Path dir = app.getParent().getParent();
        List<String> lines = new ArrayList<>();
        ImageMetadata m = factory("m").build(BuildRequest.of(dir), lines::add).image().metadata();
        assertThat(lines).contains("       javax.servlet (WEB-INF/web.xml is a Java EE descriptor): Tomcat 9.0.98");
        assertThat(m.launch().command()).contains(ServletContainer.TOMCAT_JAVAX.classPath());
        Path log = tmp.resolve("tomcat-metrics.log");
        try (Served s = serve(ServletContainer.TOMCAT_JAVAX, dir, log)) {
            HttpResponse<String> r = awaitResponse(s.port(), "/metrics");
            assertThat(r.statusCode()).as(Files.readString(log)).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t.replace(" ", "")).startsWith("text/plain;version=0.0.4"));
        }
    }

    /** The guest's command on the host: the launcher and the container's cached jars, on a free port. */
    private Served serve(ServletContainer c, Path app, Path log) throws Exception {
        Path jars = ServletContainers.forHost(Guests.defaultCacheDir()).obtain(c, line -> { });
        Path root = tmp.resolve("launcher-" + c.version());
        Path launcher = Files.createDirectories(root.resolve("dev/paas/warlauncher"));
        Files.write(launcher.resolve("Launcher.class"), WarBuildpack.launcher());
        String cp = c.classPath().replace(ServletContainer.LAUNCHER_DIR, root.toString())
                .replace(ServletContainer.LIB_DIR, jars.toString());
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-cp", cp, ServletContainer.LAUNCHER_CLASS, app.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("PORT", Integer.toString(port));
        return new Served(pb.start(), port);
    }

    private record Served(Process process, int port) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            assertThat(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        }
    }

    private static HttpResponse<String> awaitResponse(int port, String path) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException notYet) {
                if (System.nanoTime() > end) {
                    throw notYet;
                }
                Thread.sleep(200);
            }
        }
    }

    /** Status and body, once the server answers (at most 60 s). */
    private static String get(int port, String path) throws Exception {
        HttpResponse<String> r = awaitResponse(port, path);
        return r.statusCode() + " " + r.body();
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
