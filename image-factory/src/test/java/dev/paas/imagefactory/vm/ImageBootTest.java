package dev.paas.imagefactory.vm;

import dev.paas.imagefactory.Samples;
import dev.paas.imagefactory.api.BuildRequest;
import dev.paas.imagefactory.api.ImageFactory;
import dev.paas.imagefactory.api.StoredImage;
import dev.paas.kernel.api.Guests;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each buildpack's sample, built into an image and booted under real QEMU (TCG), answers HTTP
 * through hostfwd. The Java sample reports Runtime.maxMemory(): its heap follows the memory.
 */
@Tag("vm")
class ImageBootTest {

    @TempDir
    Path tmp;

    private StoredImage build(BuildRequest request) {
        ImageFactory f = ImageFactory.builder().store(ImageFactory.fileStore(tmp.resolve("store")))
                .workDir(tmp.resolve("work")).cacheDir(Guests.defaultCacheDir()).build();
        return f.build(request, System.out::println).image();
    }

    private String answer(StoredImage image, String path, Duration timeout) throws Exception {
        try (BootedImage vm = BootedImage.boot(image, tmp)) {
            Optional<String> body = vm.awaitHttp200(path, timeout);
            assertThat(body).as(vm.diagnostics()).isPresent();
            return body.get();
        }
    }

    @Test
    void nativeStatic() throws Exception {
        assertThat(answer(build(BuildRequest.of(Samples.nativeStatic()).withMemory("64M")), "/", Duration.ofSeconds(60)))
                .isEqualTo("hello from native (static)\n");
    }

    @Test
    void nativeDynamicFindsItsLibrariesInTheGuest() throws Exception {
        assertThat(answer(build(BuildRequest.of(Samples.nativeDynamic()).withMemory("64M")), "/", Duration.ofSeconds(60)))
                .isEqualTo("hello from native (dynamic)\n");
    }

    @Test
    void aShellCommandRunsAsVcapWithTheStandardEtc() throws Exception {
        // busybox runs its applets (id, ls) itself; id reads /etc/passwd and /etc/group, date /etc/localtime.
        StoredImage image = build(BuildRequest.of(Samples.nativeDynamic()).withMemory("64M")
                .withCommand("cd /app && id >&2 && date +%Z >&2 && ls -d /etc/ssl/certs/ca-certificates.crt >&2"
                        + " && exec ./hello-dynamic"));
        try (BootedImage vm = BootedImage.boot(image, tmp)) {
            assertThat(vm.awaitHttp200("/", Duration.ofSeconds(60))).as(vm.diagnostics())
                    .contains("hello from native (dynamic)\n");
            assertThat(vm.read("stderr.log")).startsWith(
                    "uid=2000(vcap) gid=2000(vcap) groups=2000(vcap)\nUTC\n/etc/ssl/certs/ca-certificates.crt\n");
        }
    }

    @Test
    void staticSite() throws Exception {
        StoredImage image = build(BuildRequest.of(Samples.staticSite(tmp)).withMemory("64M"));
        try (BootedImage vm = BootedImage.boot(image, tmp)) {
            assertThat(vm.awaitHttp200("/", Duration.ofSeconds(60))).as(vm.diagnostics())
                    .contains("<!doctype html><h1>hello from static</h1>\n");
            assertThat(vm.awaitHttp200("/css/site.css", Duration.ofSeconds(10))).contains("h1 { color: teal }\n");
        }
    }

    @Test
    void goModuleBuiltAtStaging() throws Exception {
        Path app = Samples.sourceApp("go/hello", tmp);
        assertThat(answer(build(BuildRequest.of(app).withMemory("64M")), "/", Duration.ofSeconds(60)))
                .isEqualTo("hello from go\n");
    }

    @Test
    void nodeExpressApp() throws Exception {
        Path app = Samples.sourceApp("node/hello", tmp);
        assertThat(answer(build(BuildRequest.of(app).withMemory("256M")), "/", Duration.ofSeconds(120)))
                .startsWith("hello from node v");
    }

    @Test
    void pythonAppWithAVendoredWheel() throws Exception {
        Path app = Samples.sourceApp("python/hello", tmp);
        Samples.wheel(app.resolve("vendor"), "greet", "1.0");
        assertThat(answer(build(BuildRequest.of(app).withMemory("128M")), "/", Duration.ofSeconds(120)))
                .isEqualTo("hello from python 3.11\n");
    }

    @Test
    void javaxWarOnTomcat9() throws Exception {
        // The default memory of a push; Tomcat 11 (jakarta) boots in e2e BuildpacksE2ETest.
        StoredImage image = build(BuildRequest.of(Samples.war("javax")).withMemory("256M"));
        long start = System.nanoTime();
        try (BootedImage vm = BootedImage.boot(image, tmp)) {
            assertThat(vm.awaitHttp200("/", Duration.ofSeconds(180))).as(vm.diagnostics())
                    .contains("hello from Apache Tomcat/9.0.98 (javax.servlet)\n");
            System.out.printf("war boot: first 200 %d ms after QEMU started%n", (System.nanoTime() - start) / 1_000_000);
            assertThat(vm.awaitHttp200("/index.txt", Duration.ofSeconds(10))).contains("a static file beside the servlet\n");
        }
    }

    @Test
    void javaHeapFollowsMemory() throws Exception {
        long at256 = maxMemory(256);
        long at512 = maxMemory(512);
        System.out.printf("max-memory: 256M -> %d bytes, 512M -> %d bytes%n", at256, at512);
        // 256M: 48% of the guest's RAM (the image itself takes ~45M of it); 512M: 74%.
        assertThat(at256).isBetween(90L << 20, 128L << 20);
        assertThat(at512).isBetween(300L << 20, 380L << 20);
    }

    private long maxMemory(int mib) throws Exception {
        StoredImage image = build(BuildRequest.of(Samples.javaJar()).withMemory(mib + "M"));
        try (BootedImage vm = BootedImage.boot(image, tmp)) {
            Optional<String> body = vm.awaitHttp200("/", Duration.ofSeconds(180));
            assertThat(body).as(vm.diagnostics()).isPresent();
            assertThat(body.get()).startsWith("hello from java max-memory=");
            assertThat(vm.read("stdout.log")).as("the app's stdout channel").contains("max-memory=");
            return Long.parseLong(body.get().strip().substring("hello from java max-memory=".length()));
        }
    }
}
