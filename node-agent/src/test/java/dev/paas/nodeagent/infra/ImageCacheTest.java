package dev.paas.nodeagent.infra;

import dev.paas.nodeagent.api.ImageException;
import dev.paas.nodeagent.api.LocalImage;
import dev.paas.nodeagent.vm.TestImages;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The image cache with a fake fetcher: verification, unpacking rules, LRU eviction. */
class ImageCacheTest {

    @TempDir
    Path dir;

    private final Map<String, byte[]> served = new HashMap<>();
    private final AtomicInteger downloads = new AtomicInteger();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private ImageCache cache(long cap) {
        return new ImageCache(dir, cap, (digest, target) -> {
            downloads.incrementAndGet();
            byte[] b = served.get(digest);
            if (b == null) {
                throw new java.io.IOException("404");
            }
            Files.write(target, b);
            return TestImages.sha256(b);
        }, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), registry);
    }

    private TestImages.Archive image(String name, int kernelBytes) throws Exception {
        TestImages.Archive a = TestImages.archive(
                "{\"format\":1,\"cmdline\":[\"console=ttyS0\",\"quiet\"],\"guestPort\":9000}".getBytes(StandardCharsets.UTF_8),
                new byte[kernelBytes], name.getBytes(StandardCharsets.UTF_8));
        served.put(a.digest(), a.bytes());
        return a;
    }

    @Test
    void downloadsOnceThenServesFromTheCache() throws Exception {
        ImageCache c = cache(1 << 30);
        TestImages.Archive a = image("a", 1000);
        LocalImage first = c.obtain(a.digest());
        LocalImage second = c.obtain(a.digest());
        assertThat(downloads).hasValue(1);
        assertThat(second).isEqualTo(first);
        assertThat(first.kernel()).isEqualTo(dir.resolve(a.digest()).resolve("kernel"));
        assertThat(first.cmdline()).containsExactly("console=ttyS0", "quiet");
        assertThat(first.guestPort()).isEqualTo(9000);
        assertThat(registry.get("paas_node_image_cache_hits").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("paas_node_image_cache_misses").counter().count()).isEqualTo(1.0);
    }

    @Test
    void bytesThatDoNotHashToTheDigestAreRefusedAndNotCached() throws Exception {
        ImageCache c = cache(1 << 30);
        String digest = "c".repeat(64);
        served.put(digest, image("x", 10).bytes());
        assertThatThrownBy(() -> c.obtain(digest)).isInstanceOf(ImageException.class)
                .hasMessageContaining("digest mismatch");
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void malformedDigestsAndArchivesAreRefused() throws Exception {
        ImageCache c = cache(1 << 30);
        assertThatThrownBy(() -> c.obtain("../etc")).isInstanceOf(ImageException.class).hasMessageContaining("64 lowercase hex");
        // a stray entry (path traversal attempt) and a missing initrd
        var tar = new java.io.ByteArrayOutputStream();
        try (var out = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(tar)) {
            var e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("../evil");
            e.setSize(1);
            out.putArchiveEntry(e);
            out.write(1);
            out.closeArchiveEntry();
        }
        byte[] evil = tar.toByteArray();
        served.put(TestImages.sha256(evil), evil);
        assertThatThrownBy(() -> c.obtain(TestImages.sha256(evil))).isInstanceOf(ImageException.class)
                .hasMessageContaining("unexpected archive entry '../evil'");
        assertThat(dir.getParent().resolve("evil")).doesNotExist();
    }

    /** The image factory's shape: the digest is sha256(image.json), which lists each file's sha256. */
    private TestImages.Archive factoryImage(byte[] kernel, byte[] initramfs, byte[] servedInitramfs) throws Exception {
        return factoryImage(kernel, initramfs, servedInitramfs, null, null, "");
    }

    /** With a root disk: {@code rootDiskJson} is the rootDisk object's fields after the sha256 (format, readOnly). */
    private TestImages.Archive factoryImage(byte[] kernel, byte[] initramfs, byte[] servedInitramfs, byte[] rootDisk,
                                            byte[] servedRootDisk, String rootDiskJson) throws Exception {
        String json = "{\n  \"cmdline\" : \"console=ttyS0 quiet\",\n"
                + "  \"initramfs\" : {\"bytes\" : " + initramfs.length + ", \"name\" : \"initramfs.cpio.gz\", \"sha256\" : \""
                + TestImages.sha256(initramfs) + "\"},\n"
                + "  \"kernel\" : {\"bytes\" : " + kernel.length + ", \"name\" : \"vmlinux\", \"sha256\" : \""
                + TestImages.sha256(kernel) + "\"},\n"
                + "  \"launch\" : {\"port\" : 8081},\n"
                + (rootDisk == null ? "" : "  \"rootDisk\" : {\"bytes\" : " + rootDisk.length + ", \"file\" : \"root.erofs\", "
                        + "\"sha256\" : \"" + TestImages.sha256(rootDisk) + "\"" + rootDiskJson + "},\n")
                + "  \"runtime\" : \"native\",\n  \"schema\" : 1\n}\n";
        byte[] manifest = json.getBytes(StandardCharsets.UTF_8);
        var out = new java.io.ByteArrayOutputStream();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(out)) {
            var files = new java.util.ArrayList<>(List.of(Map.entry("image.json", manifest), Map.entry("vmlinux", kernel),
                    Map.entry("initramfs.cpio.gz", servedInitramfs)));
            if (servedRootDisk != null) {
                files.add(Map.entry("root.erofs", servedRootDisk));
            }
            for (var f : files) {
                var e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(f.getKey());
                e.setSize(f.getValue().length);
                tar.putArchiveEntry(e);
                tar.write(f.getValue());
                tar.closeArchiveEntry();
            }
        }
        String digest = "sha256:" + TestImages.sha256(manifest);
        served.put(digest, out.toByteArray());
        return new TestImages.Archive(out.toByteArray(), digest);
    }

    @Test
    void acceptsTheImageFactorysManifestDigest() throws Exception {
        ImageCache c = cache(1 << 30);
        TestImages.Archive a = factoryImage(new byte[] {1, 2, 3}, new byte[] {4, 5}, new byte[] {4, 5});
        LocalImage image = c.obtain(a.digest());
        String hex = a.digest().substring(7);
        assertThat(image.kernel()).isEqualTo(dir.resolve(hex).resolve("vmlinux"));
        assertThat(image.initramfs()).isEqualTo(dir.resolve(hex).resolve("initramfs.cpio.gz"));
        assertThat(image.cmdline()).containsExactly("console=ttyS0", "quiet");
        assertThat(image.guestPort()).isEqualTo(8081);
        assertThat(c.obtain(hex)).as("the bare hex names the same image").isNotNull();
        assertThat(downloads).hasValue(1);
    }

    @Test
    void aLargeImagesRootDiskIsVerifiedAndNamedForTheDriver() throws Exception {
        ImageCache c = cache(1 << 30);
        TestImages.Archive a = factoryImage(new byte[] {1, 2, 3}, new byte[] {4, 5}, new byte[] {4, 5},
                new byte[] {7, 7, 7}, new byte[] {7, 7, 7}, ", \"format\" : \"erofs\", \"readOnly\" : true");
        LocalImage image = c.obtain(a.digest());
        assertThat(image.rootDisk()).hasValue(dir.resolve(a.digest().substring(7)).resolve("root.erofs"));
        assertThat(Files.readAllBytes(image.rootDisk().orElseThrow())).containsExactly(7, 7, 7);
        assertThat(c.obtain(a.digest()).rootDisk()).as("from the cache too").isEqualTo(image.rootDisk());
        assertThat(factoryImageWithoutDisk()).isEmpty();
    }

    private java.util.Optional<Path> factoryImageWithoutDisk() throws Exception {
        return cache(1 << 30).obtain(factoryImage(new byte[] {9}, new byte[] {8}, new byte[] {8}).digest()).rootDisk();
    }

    @Test
    void aRootDiskThatDoesNotMatchOrIsMissingOrOfAnotherKindIsRefusedAndNothingIsCached() throws Exception {
        String erofs = ", \"format\" : \"erofs\", \"readOnly\" : true";
        ImageCache c = cache(1 << 30);
        TestImages.Archive tampered = factoryImage(new byte[] {1}, new byte[] {2}, new byte[] {2},
                new byte[] {7, 7}, new byte[] {7, 8}, erofs);
        assertThatThrownBy(() -> c.obtain(tampered.digest())).isInstanceOf(ImageException.class)
                .hasMessageContaining("root.erofs does not match image.json");
        TestImages.Archive missing = factoryImage(new byte[] {1}, new byte[] {3}, new byte[] {3},
                new byte[] {7, 7}, null, erofs);
        assertThatThrownBy(() -> c.obtain(missing.digest())).isInstanceOf(ImageException.class)
                .hasMessageContaining("root.erofs does not match image.json");
        TestImages.Archive writable = factoryImage(new byte[] {1}, new byte[] {4}, new byte[] {4},
                new byte[] {7}, new byte[] {7}, ", \"format\" : \"erofs\", \"readOnly\" : false");
        assertThatThrownBy(() -> c.obtain(writable.digest())).isInstanceOf(ImageException.class)
                .hasMessageContaining("rootDisk must be format erofs, readOnly true");
        TestImages.Archive squash = factoryImage(new byte[] {1}, new byte[] {5}, new byte[] {5},
                new byte[] {7}, new byte[] {7}, ", \"format\" : \"squashfs\", \"readOnly\" : true");
        assertThatThrownBy(() -> c.obtain(squash.digest())).isInstanceOf(ImageException.class)
                .hasMessageContaining("got format squashfs");
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aManifestWhoseFilesDoNotMatchIsRefused() throws Exception {
        ImageCache c = cache(1 << 30);
        TestImages.Archive a = factoryImage(new byte[] {1, 2, 3}, new byte[] {4, 5}, new byte[] {4, 6});
        assertThatThrownBy(() -> c.obtain(a.digest())).isInstanceOf(ImageException.class)
                .hasMessageContaining("initramfs.cpio.gz does not match image.json");
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void evictsLeastRecentlyUsedUnpinnedImagesOverTheCap() throws Exception {
        ImageCache c = cache(2_500);
        TestImages.Archive a = image("a", 1000);
        TestImages.Archive b = image("b", 1000);
        TestImages.Archive d = image("d", 1000);
        c.obtain(a.digest());
        Files.setLastModifiedTime(dir.resolve(a.digest()), FileTime.from(Instant.parse("2025-01-01T00:00:00Z")));
        c.obtain(b.digest());
        Files.setLastModifiedTime(dir.resolve(b.digest()), FileTime.from(Instant.parse("2025-06-01T00:00:00Z")));
        c.pin(Set.of(a.digest()));
        c.obtain(d.digest());
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .isEqualTo(List.of(a.digest(), d.digest()).stream().sorted().toList());
        }
    }
}
