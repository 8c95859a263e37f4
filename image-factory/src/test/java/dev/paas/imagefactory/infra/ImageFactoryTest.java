package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.Samples;
import dev.paas.imagefactory.api.BuildRequest;
import dev.paas.imagefactory.api.BuildResult;
import dev.paas.imagefactory.api.ImageFactory;
import dev.paas.imagefactory.api.ImageMetadata;
import dev.paas.imagefactory.api.Phase;
import dev.paas.imagefactory.api.StagingException;
import dev.paas.kernel.api.Guests;
import dev.paas.kernel.api.LaunchSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Whole builds with the real guest (kernel and init from the shared cache) and real JREs (cached
 * under ~/.cache/paas/jre), into a store and work directory of the test's own.
 */
class ImageFactoryTest {

    @TempDir
    Path tmp;

    private ImageFactory factory(String store) {
        return ImageFactory.builder().store(ImageFactory.fileStore(tmp.resolve(store)))
                .workDir(tmp.resolve("work")).cacheDir(Guests.defaultCacheDir()).build();
    }

    @Test
    void sameInputSameDigest() throws Exception {
        List<String> lines = new ArrayList<>();
        BuildResult a = factory("one").build(BuildRequest.of(Samples.nativeStatic()), lines::add);
        BuildResult again = factory("one").build(BuildRequest.of(Samples.nativeStatic()), line -> { });
        BuildResult b = factory("two").build(BuildRequest.of(Samples.nativeStatic()), line -> { });
        assertThat(again.digest()).isEqualTo(a.digest());
        assertThat(again.alreadyStored()).isTrue();
        assertThat(b.digest()).isEqualTo(a.digest());
        assertThat(Files.readAllBytes(b.image().initramfs())).isEqualTo(Files.readAllBytes(a.image().initramfs()));
        assertThat(a.phases()).containsOnlyKeys(Phase.values());
        assertThat(lines).anyMatch(l -> l.contains("Detected native buildpack: hello-static (static ELF executable)"))
                .anyMatch(l -> l.startsWith("-----> Image sha256:"));
        assertThat(SafeUnpackTest.listAll(tmp.resolve("work"))).isEmpty();
    }

    @Test
    void theAppsEnvNeverReachesTheImage() throws Exception {
        Path site = Samples.staticSite(Files.createDirectories(tmp.resolve("site")));
        BuildResult plain = factory("e").build(BuildRequest.of(site), line -> { });
        BuildResult withEnv = factory("e").build(BuildRequest.of(site)
                .withEnv(Map.of("SECRET_TOKEN", "s3cr3t-value", "GREETING", "hello")), line -> { });
        assertThat(withEnv.digest()).as("same bits and settings, other env: same image").isEqualTo(plain.digest());
        byte[] initramfs = Files.readAllBytes(withEnv.image().initramfs());
        assertThat(new String(initramfs, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("s3cr3t-value")
                .doesNotContain("SECRET_TOKEN");
        assertThat(LaunchSpec.parse(withEnv.image().metadata().launch().spec()).env()).doesNotContainKey("GREETING");
    }

    @Test
    void staticSiteSameInputSameDigest() throws Exception {
        Path one = Samples.staticSite(Files.createDirectories(tmp.resolve("one")));
        // The same files at another path, with another time and mode: none of that may reach the image.
        Path two = Samples.staticSite(Files.createDirectories(tmp.resolve("two")));
        Files.setLastModifiedTime(two.resolve("index.html"), FileTime.fromMillis(0));
        Files.setPosixFilePermissions(two.resolve("css/site.css"), PosixFilePermissions.fromString("rw-------"));
        BuildResult a = factory("s1").build(BuildRequest.of(one), line -> { });
        BuildResult again = factory("s1").build(BuildRequest.of(one), line -> { });
        BuildResult b = factory("s2").build(BuildRequest.of(two), line -> { });
        assertThat(a.image().metadata().runtime()).isEqualTo("static");
        assertThat(again.digest()).isEqualTo(a.digest());
        assertThat(again.alreadyStored()).isTrue();
        assertThat(b.alreadyStored()).as("a store of its own").isFalse();
        assertThat(b.digest()).isEqualTo(a.digest());
        assertThat(Files.readAllBytes(b.image().initramfs())).isEqualTo(Files.readAllBytes(a.image().initramfs()));
        assertThat(Files.readAllBytes(b.image().manifest())).isEqualTo(Files.readAllBytes(a.image().manifest()));
    }

    @Test
    void nativeStaticImageIsSmall() throws Exception {
        BuildResult r = factory("s").build(BuildRequest.of(Samples.nativeStatic()), line -> { });
        ImageMetadata m = r.image().metadata();
        assertThat(m.runtime()).isEqualTo("native");
        assertThat(m.libraries()).isEmpty();
        assertThat(m.totalBytes()).isLessThanOrEqualTo(4L << 20);
        assertThat(m.kernelVersion()).matches("6\\.1\\.[0-9]+.*");
        assertThat(m.launch().command()).isEqualTo("/app/hello-static");
        assertThat(new FileImageStore(tmp.resolve("s")).verify(r.digest())).isTrue();
    }

    @Test
    void nativeDynamicGetsItsLoaderAndLibraries() throws Exception {
        BuildResult r = factory("d").build(BuildRequest.of(Samples.nativeDynamic()).withCommand("/app/hello-dynamic --x"),
                line -> { });
        ImageMetadata m = r.image().metadata();
        assertThat(m.libraries()).contains("/lib64/ld-linux-x86-64.so.2").anyMatch(l -> l.endsWith("/libc.so.6"));
        assertThat(m.sizes().libraries()).isPositive();
        assertThat(m.launch().command()).as("the app's own command").isEqualTo("/app/hello-dynamic --x");
    }

    @Test
    void binaryBuildpackRunsACommandForAnExecutableInASubdirectory() throws Exception {
        Path app = Files.createDirectories(tmp.resolve("binary-app/bin"));
        Files.copy(Samples.nativeDynamic(), app.resolve("worker"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        BuildResult r = factory("b").build(BuildRequest.of(app.getParent()).withBuildpack("binary_buildpack")
                .withCommand("cd bin && ./worker; echo done"), line -> { });
        ImageMetadata m = r.image().metadata();
        assertThat(m.runtime()).isEqualTo("native");
        assertThat(m.libraries()).as("the closure of bin/worker").contains("/lib64/ld-linux-x86-64.so.2");
        assertThat(m.launch().command()).isEqualTo("cd bin && ./worker; echo done");
    }

    @Test
    void staticSiteGetsTheServer() throws Exception {
        BuildResult r = factory("w").build(BuildRequest.of(Samples.staticSite(tmp)), line -> { });
        ImageMetadata m = r.image().metadata();
        assertThat(m.runtime()).isEqualTo("static");
        assertThat(m.launch().command()).isEqualTo("/paas/bin/paas-httpd /app");
        assertThat(m.sizes().runtime()).isBetween(1L, 200_000L);
    }

    @Test
    void javaImageFitsAndItsHeapFollowsMemory() throws Exception {
        List<String> lines = new ArrayList<>();
        BuildResult r256 = factory("j").build(BuildRequest.of(Samples.javaJar()).withMemory("256M")
                .withEnv(Map.of("JAVA_OPTS", "-Dgreeting=hi")), lines::add);
        BuildResult r512 = factory("j").build(BuildRequest.of(Samples.javaJar()).withMemory("512M")
                .withEnv(Map.of("JAVA_OPTS", "-Dgreeting=hi")), line -> { });
        ImageMetadata m = r256.image().metadata();
        assertThat(m.runtime()).isEqualTo("java");
        assertThat(m.javaModules()).contains("java.base", "jdk.httpserver").doesNotContain("java.desktop");
        assertThat(m.totalBytes()).as("Java hello image").isLessThanOrEqualTo(40L << 20);
        assertThat(m.libraries()).anyMatch(l -> l.endsWith("/libz.so.1")).anyMatch(l -> l.endsWith("/libc.so.6"));
        assertThat(m.launch().command()).matches("java -XX:MaxRAMPercentage=[0-9.]+ \\$JAVA_OPTS -jar /app/hello.jar");
        LaunchSpec spec = LaunchSpec.parse(m.launch().spec());
        assertThat(spec.env()).as("the app's env reaches instances at launch, never the image")
                .doesNotContainKey("JAVA_OPTS").containsEntry("JAVA_HOME", "/paas/jre");
        double p256 = percent(m);
        double p512 = percent(r512.image().metadata());
        assertThat(p512).isGreaterThan(p256);
        assertThat(r512.digest()).isNotEqualTo(r256.digest());
        assertThat(lines).anyMatch(l -> l.contains("Detected java buildpack: hello.jar (Main-Class: Hello)"))
                .anyMatch(l -> l.contains("heap: -XX:MaxRAMPercentage="));
        BuildResult again = factory("j2").build(BuildRequest.of(Samples.javaJar()).withMemory("256M")
                .withEnv(Map.of("JAVA_OPTS", "-Dgreeting=hi")), line -> { });
        assertThat(again.digest()).isEqualTo(r256.digest());
    }

    @Test
    void explodedJarRunsFromTheClasspath() throws Exception {
        Path classes = Samples.javaJar().resolveSibling("java-classes");
        // A zip with a root manifest is a jar (kept whole); a pushed directory stays exploded.
        Path pkg = Files.createDirectories(tmp.resolve("exploded/META-INF"));
        Files.writeString(pkg.resolve("MANIFEST.MF"), "Manifest-Version: 1.0\nMain-Class: Hello\n");
        pkg = pkg.getParent();
        Files.copy(classes.resolve("Hello.class"), pkg.resolve("Hello.class"));
        ImageMetadata m = factory("x").build(BuildRequest.of(pkg), line -> { }).image().metadata();
        assertThat(m.detected()).startsWith("exploded JAR (Main-Class: Hello");
        assertThat(m.launch().command()).matches("java -XX:MaxRAMPercentage=[0-9.]+ \\$JAVA_OPTS -cp /app Hello");
        assertThat(m.javaModules()).contains("jdk.httpserver");
    }

    @Test
    void springBootFatJarGetsTheFallbackModules() throws Exception {
        Path jar = tmp.resolve("boot.jar");
        Path classes = Samples.javaJar().resolveSibling("java-classes");
        SafeUnpackTest.zip(jar, List.of(
                SafeUnpackTest.Entry.file("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n"
                        + "Main-Class: org.springframework.boot.loader.launch.JarLauncher\nStart-Class: Hello\n"
                        + "Spring-Boot-Version: 3.3.0\n"),
                new SafeUnpackTest.Entry("BOOT-INF/classes/Hello.class", 0100644,
                        Files.readAllBytes(classes.resolve("Hello.class")))));
        List<String> lines = new ArrayList<>();
        ImageMetadata m = factory("b").build(BuildRequest.of(jar).withMemory("512M"), lines::add).image().metadata();
        assertThat(m.javaModules()).containsAll(dev.paas.imagefactory.core.ModuleSets.FALLBACK);
        assertThat(m.libraries()).as("headless: no X11 from the host").noneMatch(l -> l.contains("libX11"));
        assertThat(lines).anyMatch(l -> l.contains("Spring Boot: the fallback module set"));
        assertThat(m.launch().command()).endsWith("-jar /app/boot.jar");
    }

    private static double percent(ImageMetadata m) {
        String c = m.launch().command();
        int at = c.indexOf("MaxRAMPercentage=") + "MaxRAMPercentage=".length();
        return Double.parseDouble(c.substring(at, c.indexOf(' ', at)));
    }

    @Test
    void noBuildpackSaysWhatEachLooksFor() throws Exception {
        Path pkg = SafeUnpackTest.zip(tmp.resolve("py.zip"), List.of(SafeUnpackTest.Entry.file("app.py", "print(1)")));
        assertThatThrownBy(() -> factory("n").build(BuildRequest.of(pkg), line -> { }))
                .isInstanceOfSatisfying(StagingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(StagingException.Reason.NO_BUILDPACK);
                    assertThat(e.getMessage()).contains("java:").contains("native:").contains("static:");
                });
        assertThat(SafeUnpackTest.listAll(tmp.resolve("work"))).isEmpty();
        assertThat(SafeUnpackTest.listAll(tmp.resolve("n"))).isEmpty();
    }

    @Test
    void badRequestsFailBeforeAnyWork() {
        assertThatThrownBy(() -> BuildRequest.of(tmp).withEnv(Map.of("PORT", "1")))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.reason()).isEqualTo(StagingException.Reason.INVALID_REQUEST));
        assertThatThrownBy(() -> BuildRequest.of(tmp).withMemory("lots")).hasMessageContaining("256M or 1G");
        assertThatThrownBy(() -> BuildRequest.of(tmp).withMemory("16M")).hasMessageContaining("between 32M");
        assertThatThrownBy(() -> BuildRequest.of(tmp).withBuildpack("ruby_buildpack"))
                .hasMessageContaining("buildpack: 'ruby_buildpack' has no buildpack on paas yet");
    }
}
