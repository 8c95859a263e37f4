package dev.paas.imagefactory.oci;

import dev.paas.imagefactory.Newc;
import dev.paas.imagefactory.OciSamples;
import dev.paas.imagefactory.api.BuildResult;
import dev.paas.imagefactory.api.BuildRequest;
import dev.paas.imagefactory.api.ImageFactory;
import dev.paas.imagefactory.api.ImageMetadata;
import dev.paas.kernel.api.Guests;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Large images: above the factory's threshold an image's files go to a read-only erofs
 * ({@code root.erofs}) beside an initramfs holding only the init, the launch spec and the marker;
 * {@code image.json} names the disk and the digest covers it; the same input gives the same bytes.
 * Needs Debian's erofs-utils ({@code mkfs.erofs}) and root (owners; the result is loop-mounted).
 */
class RootDiskBuildTest {

    @TempDir
    Path tmp;

    private ImageFactory factory(String name, long rootDiskAbove) {
        return ImageFactory.builder().store(ImageFactory.fileStore(tmp.resolve(name + "/store")))
                .workDir(tmp.resolve(name + "/work")).cacheDir(tmp.resolve(name + "/cache"))
                .rootDiskAbove(rootDiskAbove)
                .guest(() -> Guests.obtain(Guests.defaultCacheDir(), line -> { })).build();
    }

    /** An OCI-layout tarball: a web user's files, a hard link, a symlink, a setuid program, 1 MiB of data. */
    private Path image() throws Exception {
        byte[] layer = layer(
                entry("etc/", TarArchiveEntry.LF_DIR, 0755, 0, 0, null, null),
                entry("etc/passwd", TarArchiveEntry.LF_NORMAL, 0644, 0, 0, null,
                        "root:x:0:0:root:/root:/bin/sh\nweb:x:1234:1235::/home/web:/bin/sh\n".getBytes(StandardCharsets.UTF_8)),
                entry("etc/group", TarArchiveEntry.LF_NORMAL, 0644, 0, 0, null,
                        "root:x:0:\nweb:x:1235:\n".getBytes(StandardCharsets.UTF_8)),
                entry("srv/", TarArchiveEntry.LF_DIR, 0750, 1234, 1235, null, null),
                entry("srv/data.bin", TarArchiveEntry.LF_NORMAL, 0640, 1234, 1235, null, new byte[1 << 20]),
                entry("srv/again.bin", TarArchiveEntry.LF_LINK, 0640, 1234, 1235, "srv/data.bin", null),
                entry("srv/latest", TarArchiveEntry.LF_SYMLINK, 0777, 0, 0, "data.bin", null),
                entry("usr/bin/", TarArchiveEntry.LF_DIR, 0755, 0, 0, null, null),
                entry("usr/bin/su", TarArchiveEntry.LF_NORMAL, 04755, 0, 0, null, "#!su".getBytes(StandardCharsets.UTF_8)));
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"/usr/bin/su\"],"
                + "\"User\":\"web\",\"WorkingDir\":\"/srv\"},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}";
        Path layout = OciSamples.ociLayout(Files.createDirectories(tmp.resolve("layout")), config, List.of(layer));
        return OciSamples.tar(layout, tmp.resolve("image.tar"));
    }

    @Test
    void aLargeImageGoesToAReadOnlyErofsBesideASmallInitramfs() throws Exception {
        List<String> lines = new ArrayList<>();
        BuildResult r = factory("a", 1).build(BuildRequest.of(image()), lines::add);
        ImageMetadata m = r.image().metadata();
        assertThat(m.rootDisk()).isNotNull();
        assertThat(m.rootDisk().file()).isEqualTo("root.erofs");
        assertThat(m.rootDisk().format()).isEqualTo("erofs");
        assertThat(m.rootDisk().readOnly()).isTrue();
        Path disk = r.image().rootDisk().orElseThrow();
        assertThat(disk.getFileName().toString()).isEqualTo("root.erofs");
        assertThat(Files.size(disk)).isEqualTo(m.rootDisk().bytes());
        assertThat(sha256(disk)).isEqualTo(m.rootDisk().sha256());
        assertThat(r.image().files()).containsExactly(r.image().manifest(), r.image().kernel(), r.image().initramfs(), disk);
        assertThat(m.totalBytes()).isEqualTo(m.kernel().bytes() + m.initramfs().bytes() + m.rootDisk().bytes());
        assertThat(Files.readString(r.image().manifest())).contains("\"rootDisk\"", m.rootDisk().sha256());
        assertThat(lines).anyMatch(l -> l.startsWith("-----> Writing the root disk (erofs, read-only)"));

        // The initramfs: the init, the launch spec and the marker, nothing of the image.
        List<String> names = Newc.read(r.image().initramfs()).stream().map(Newc.Entry::name).toList();
        assertThat(names).contains("init", "paas/launch", "paas/rootdisk", "dev/console")
                .doesNotContain("srv/data.bin", "etc/passwd", "usr/bin/su");
        assertThat(new String(Newc.file(r.image().initramfs(), "paas/launch").orElseThrow(), StandardCharsets.UTF_8))
                .contains("command /usr/bin/su\n", "user web:1234:1235:/home/web\n", "dir /srv\n");

        // The erofs: the image's files with their modes, owners and links; the init; the spec.
        // Mounted (a loop device, as root: fsck.erofs --extract drops setuid bits).
        Path out = Files.createDirectories(tmp.resolve("mnt"));
        OciSamples.run(tmp, "mount", "-t", "erofs", "-o", "loop,ro", disk.toString(), out.toString());
        try {
            assertThat(Files.readAllBytes(out.resolve("srv/data.bin"))).hasSize(1 << 20);
            assertThat(Files.readAllBytes(out.resolve("srv/again.bin"))).hasSize(1 << 20);
            assertThat(Files.readSymbolicLink(out.resolve("srv/latest"))).isEqualTo(Path.of("data.bin"));
            assertThat(mode(out.resolve("usr/bin/su"))).isEqualTo(04755);
            assertThat(mode(out.resolve("srv"))).isEqualTo(0750);
            assertThat(Files.getAttribute(out.resolve("srv/data.bin"), "unix:uid")).isEqualTo(1234);
            assertThat(Files.getAttribute(out.resolve("srv/data.bin"), "unix:gid")).isEqualTo(1235);
            assertThat(Files.getAttribute(out.resolve("home/web"), "unix:uid"))
                    .as("the user's home is theirs already: the init's chown copies nothing up").isEqualTo(1234);
            assertThat(Files.getAttribute(out.resolve("etc/passwd"), "unix:uid")).isEqualTo(0);
            assertThat(Files.isExecutable(out.resolve("init"))).isTrue();
            assertThat(Files.readString(out.resolve("paas/launch"))).contains("command /usr/bin/su\n");
            assertThat(Files.getLastModifiedTime(out.resolve("srv/data.bin"), LinkOption.NOFOLLOW_LINKS).toMillis()).isZero();
        } finally {
            OciSamples.run(tmp, "umount", out.toString());
        }
        assertThat(listAll(tmp.resolve("a/work"))).as("the scratch tree is gone").isEmpty();
    }

    @Test
    void theSameImageGivesTheSameBytesInAnotherFactory() throws Exception {
        Path tar = image();
        BuildResult one = factory("one", 1).build(BuildRequest.of(tar), line -> { });
        BuildResult two = factory("two", 1).build(BuildRequest.of(tar), line -> { });
        assertThat(two.digest()).isEqualTo(one.digest());
        assertThat(sha256(two.image().rootDisk().orElseThrow())).isEqualTo(sha256(one.image().rootDisk().orElseThrow()));
        assertThat(sha256(two.image().initramfs())).isEqualTo(sha256(one.image().initramfs()));
        BuildResult warm = factory("one", 1).build(BuildRequest.of(tar), line -> { });
        assertThat(warm.digest()).isEqualTo(one.digest());
        assertThat(warm.alreadyStored()).isTrue();
    }

    @Test
    void underTheThresholdTheFilesStayInTheInitramfsAndImageJsonSaysNothingOfADisk() throws Exception {
        BuildResult r = factory("small", ImageFactory.DEFAULT_ROOT_DISK_ABOVE).build(BuildRequest.of(image()), line -> { });
        assertThat(r.image().metadata().rootDisk()).isNull();
        assertThat(r.image().rootDisk()).isEmpty();
        assertThat(Files.readString(r.image().manifest())).doesNotContain("rootDisk");
        assertThat(Newc.read(r.image().initramfs()).stream().map(Newc.Entry::name).toList())
                .contains("srv/data.bin").doesNotContain("paas/rootdisk");
        assertThat(r.image().files()).hasSize(3);
    }

    @Test
    void onRequestABuildpackImageGoesToTheDiskToo() throws Exception {
        Path site = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<h1>hello</h1>\n");
        BuildResult r = factory("site", 0).build(BuildRequest.of(site).withMemory("32M"), line -> { });
        assertThat(r.image().metadata().runtime()).isEqualTo("static");
        assertThat(r.image().metadata().rootDisk()).isNotNull();
        assertThat(Newc.read(r.image().initramfs()).stream().map(Newc.Entry::name).toList())
                .contains("init", "paas/launch", "paas/rootdisk").doesNotContain("app/index.html");
        BuildResult small = factory("site2", ImageFactory.DEFAULT_ROOT_DISK_ABOVE).build(BuildRequest.of(site), line -> { });
        assertThat(small.image().metadata().rootDisk()).as("buildpack images only on request").isNull();
    }

    @Test
    void aNegativeThresholdIsRefused() {
        assertThatThrownBy(() -> ImageFactory.builder().rootDiskAbove(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rootDiskAbove");
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    private static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }

    private static List<Path> listAll(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var s = Files.list(dir)) {
            return s.toList();
        }
    }

    private record Item(String name, byte type, int mode, int uid, int gid, String link, byte[] data) {}

    private static Item entry(String name, byte type, int mode, int uid, int gid, String link, byte[] data) {
        return new Item(name, type, mode, uid, gid, link, data);
    }

    private static byte[] layer(Item... items) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes); TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            for (Item i : items) {
                TarArchiveEntry e = new TarArchiveEntry(i.name(), i.type(), true);
                e.setMode(i.mode());
                e.setUserId(i.uid());
                e.setGroupId(i.gid());
                if (i.link() != null) {
                    e.setLinkName(i.link());
                }
                byte[] data = i.data() == null ? new byte[0] : i.data();
                e.setSize(data.length);
                tar.putArchiveEntry(e);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
