package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.Newc;
import dev.paas.imagefactory.Samples;
import dev.paas.imagefactory.api.BuildRequest;
import dev.paas.imagefactory.api.BuildResult;
import dev.paas.imagefactory.api.ImageFactory;
import dev.paas.imagefactory.api.ImageMetadata;
import dev.paas.imagefactory.api.StagingException;
import dev.paas.kernel.api.Guests;
import dev.paas.kernel.api.LaunchSpec;
import dev.paas.kernel.api.RunAs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The standard base of every image: /etc from the build host, the shell only when the command needs one. */
class GuestBaseTest {

    static final List<String> ETC = List.of("/etc/group", "/etc/hosts", "/etc/localtime", "/etc/mime.types",
            "/etc/nsswitch.conf", "/etc/passwd", "/etc/resolv.conf", "/etc/ssl/certs/ca-certificates.crt");

    @TempDir
    Path tmp;

    /** A build host of the test's own: the Debian files the base layer reads, with known bytes. */
    private Path fakeHost(boolean withBusybox) throws Exception {
        Path root = tmp.resolve("host");
        write(root.resolve("etc/mime.types"), "text/html\t\t\t\t\thtml htm\n");
        write(root.resolve("etc/ssl/certs/ca-certificates.crt"), "-----BEGIN CERTIFICATE-----\n");
        write(root.resolve("usr/share/zoneinfo/UTC"), "TZif2 UTC");
        if (withBusybox) {
            write(root.resolve("bin/busybox"), "busybox");
        }
        return root;
    }

    @Test
    void everyImageGetsTheEtcFilesWithTheirDigests() throws Exception {
        GuestBase base = GuestBase.from(fakeHost(false), line -> { });
        Rootfs fs = base.rootfs(Path.of("/bin/true"), Optional.of("/app/server --port $PORT"), line -> { });
        List<ImageMetadata.BaseFile> files = GuestBase.recorded(fs, base.origins());

        assertThat(files).extracting(ImageMetadata.BaseFile::path).containsExactlyElementsOf(ETC);
        assertThat(files).filteredOn(f -> f.path().equals("/etc/mime.types")).singleElement().satisfies(f -> {
            assertThat(f.origin()).isEqualTo("media-types");
            assertThat(f.sha256()).isEqualTo(sha256("text/html\t\t\t\t\thtml htm\n"));
            assertThat(f.bytes()).isEqualTo(23);
        });
        assertThat(files).filteredOn(f -> f.path().equals("/etc/localtime")).extracting(ImageMetadata.BaseFile::origin)
                .containsExactly("tzdata");
        assertThat(files).filteredOn(f -> f.origin().equals("generated")).extracting(ImageMetadata.BaseFile::path)
                .containsExactly("/etc/group", "/etc/hosts", "/etc/nsswitch.conf", "/etc/passwd", "/etc/resolv.conf");
        assertThat(text(fs, "/etc/passwd")).contains("root:x:0:0:").contains("vcap:x:2000:2000:vcap:/home/vcap:")
                .contains("nobody:x:65534:65534:");
        assertThat(text(fs, "/etc/group")).contains("vcap:x:2000:").contains("nogroup:x:65534:");
        assertThat(text(fs, "/etc/resolv.conf")).isEqualTo("nameserver 10.0.2.3\n");
        assertThat(text(fs, "/etc/hosts")).startsWith("127.0.0.1\tlocalhost\n");
        assertThat(text(fs, "/etc/nsswitch.conf")).contains("hosts:          files dns\n");
        assertThat(fs.nodes()).containsKey("/home/vcap").doesNotContainKey("/bin/sh");
    }

    @Test
    void sameHostFilesSameLayerAndAChangedOneShowsInTheDigests() throws Exception {
        Path host = fakeHost(false);
        Rootfs a = GuestBase.from(host, line -> { }).rootfs(Path.of("/bin/true"), Optional.empty(), line -> { });
        Rootfs same = GuestBase.from(host, line -> { }).rootfs(Path.of("/bin/true"), Optional.empty(), line -> { });
        write(host.resolve("etc/ssl/certs/ca-certificates.crt"), "-----BEGIN CERTIFICATE-----\nnew\n");
        GuestBase upgraded = GuestBase.from(host, line -> { });
        Rootfs b = upgraded.rootfs(Path.of("/bin/true"), Optional.empty(), line -> { });

        assertThat(same.split().runtimeKey()).isEqualTo(a.split().runtimeKey());
        assertThat(b.split().runtimeKey()).isNotEqualTo(a.split().runtimeKey());
        assertThat(GuestBase.recorded(b, upgraded.origins())).filteredOn(f -> f.path().endsWith(".crt")).singleElement()
                .satisfies(f -> assertThat(f.sha256()).isEqualTo(sha256("-----BEGIN CERTIFICATE-----\nnew\n")));
    }

    @Test
    void aMissingHostFileIsLeftOutWithAWarning() throws Exception {
        Path host = fakeHost(false);
        Files.delete(host.resolve("etc/mime.types"));
        List<String> lines = new ArrayList<>();
        GuestBase base = GuestBase.from(host, lines::add);
        Rootfs fs = base.rootfs(Path.of("/bin/true"), Optional.empty(), line -> { });
        assertThat(fs.nodes()).doesNotContainKey("/etc/mime.types").containsKey("/etc/passwd");
        assertThat(lines).containsExactly("       warning: /etc/mime.types not found on the build host, the image has no "
                + "/etc/mime.types (apt-get install media-types)");
    }

    @Test
    void aCommandThatNeedsAShellGetsBusyboxAndTheSpecSaysSo() throws Exception {
        GuestBase base = GuestBase.from(fakeHost(true), line -> { });
        List<String> lines = new ArrayList<>();
        String command = "cd /app && exec ./server";
        Rootfs fs = base.rootfs(Path.of("/bin/true"), Optional.of(command), lines::add);
        LaunchSpec spec = fs.launch(LaunchSpec.of(command));

        assertThat(spec.shell()).contains("/bin/sh");
        assertThat(spec.user()).isEqualTo(RunAs.VCAP);
        assertThat(LaunchSpec.parse(text(fs, LaunchSpec.PATH_IN_INITRAMFS))).isEqualTo(spec);
        assertThat(fs.nodes().get("/bin/sh")).isInstanceOfSatisfying(Rootfs.Bytes.class, b -> assertThat(b.executable()).isTrue());
        assertThat(GuestBase.recorded(fs, base.origins())).filteredOn(f -> f.path().equals("/bin/sh"))
                .extracting(ImageMetadata.BaseFile::origin).containsExactly("busybox-static");
        assertThat(lines).containsExactly("       the command uses the shell builtin 'cd': /bin/sh (busybox, 7 B) runs it as sh -c");
    }

    @Test
    void aShellCommandWithoutBusyboxOnTheHostFailsTheBuildClearly() throws Exception {
        GuestBase base = GuestBase.from(fakeHost(false), line -> { });
        assertThatThrownBy(() -> base.rootfs(Path.of("/bin/true"), Optional.of("./a | ./b"), line -> { }))
                .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.reason())
                        .isEqualTo(StagingException.Reason.BUILD_FAILED))
                .hasMessage("the command needs a shell (it uses '|') and /bin/busybox is missing on the build host: "
                        + "apt-get install busybox-static");
    }

    @Test
    void aStaticSiteImageHasEtcFromTheHostAndNoShell() throws Exception {
        BuildResult r = factory("s").build(BuildRequest.of(Samples.staticSite(tmp)), line -> { });
        ImageMetadata m = r.image().metadata();
        assertThat(m.baseFiles()).extracting(ImageMetadata.BaseFile::path).containsExactlyElementsOf(ETC);
        assertThat(m.baseFiles()).filteredOn(f -> f.path().equals("/etc/ssl/certs/ca-certificates.crt")).singleElement()
                .satisfies(f -> assertThat(f.sha256()).isEqualTo(
                        sha256(Files.readAllBytes(Path.of("/etc/ssl/certs/ca-certificates.crt")))));
        assertThat(Newc.file(r.image().initramfs(), "etc/passwd")).isPresent();
        assertThat(Newc.file(r.image().initramfs(), "bin/sh")).isEmpty();
        LaunchSpec spec = LaunchSpec.parse(m.launch().spec());
        assertThat(spec.user()).isEqualTo(RunAs.VCAP);
        assertThat(spec.shell()).isEmpty();
    }

    @Test
    void aShellCommandImageIsReproducibleAndCarriesTheShell() throws Exception {
        BuildRequest req = BuildRequest.of(Samples.nativeStatic())
                .withCommand("cd /app && echo started >&2 && exec ./hello-static");
        BuildResult a = factory("a").build(req, line -> { });
        BuildResult b = factory("b").build(req, line -> { });
        assertThat(b.digest()).isEqualTo(a.digest());
        ImageMetadata m = a.image().metadata();
        assertThat(m.baseFiles()).extracting(ImageMetadata.BaseFile::path).contains("/bin/sh");
        assertThat(LaunchSpec.parse(m.launch().spec()).shell()).contains("/bin/sh");
        assertThat(Newc.file(a.image().initramfs(), "bin/sh")).hasValueSatisfying(
                sh -> assertThat(sha256(sh)).isEqualTo(m.baseFiles().stream()
                        .filter(f -> f.path().equals("/bin/sh")).findFirst().orElseThrow().sha256()));
    }

    private ImageFactory factory(String store) {
        return ImageFactory.builder().store(ImageFactory.fileStore(tmp.resolve(store)))
                .workDir(tmp.resolve("work")).cacheDir(Guests.defaultCacheDir()).build();
    }

    private static String text(Rootfs fs, String path) {
        return new String(((Rootfs.Bytes) fs.nodes().get(path)).data(), StandardCharsets.UTF_8);
    }

    private static void write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
