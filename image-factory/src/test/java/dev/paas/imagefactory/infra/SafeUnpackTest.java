package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.api.BuildRequest;
import dev.paas.imagefactory.api.ImageFactory;
import dev.paas.imagefactory.api.StagingException;
import dev.paas.imagefactory.api.UnpackLimits;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Crafted malicious packages, each through the whole factory: it must fail with the entry and
 * the rule in the message, and leave nothing in the work directory, the store, or outside.
 */
class SafeUnpackTest {

    @TempDir
    Path tmp;

    /** One crafted zip entry. */
    record Entry(String name, int unixMode, byte[] data) {
        static Entry file(String name, String text) {
            return new Entry(name, 0100644, text.getBytes(StandardCharsets.UTF_8));
        }
    }

    static Path zip(Path file, List<Entry> entries) throws IOException {
        try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(file)) {
            for (Entry e : entries) {
                ZipArchiveEntry ze = new ZipArchiveEntry(e.name());
                ze.setUnixMode(e.unixMode());
                z.putArchiveEntry(ze);
                z.write(e.data());
                z.closeArchiveEntry();
            }
        }
        return file;
    }

    static Stream<Arguments> maliciousZips() {
        byte[] zeros = new byte[4 << 20];
        List<Entry> many = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            many.add(Entry.file("f" + i + ".txt", "x"));
        }
        UnpackLimits d = UnpackLimits.defaults();
        return Stream.of(
                Arguments.of("zip-slip ..", List.of(Entry.file("index.html", "hi"), Entry.file("../../evil.txt", "owned")),
                        d, "../../evil.txt", "path leaves the app directory (zip-slip)"),
                Arguments.of("zip-slip backslash", List.of(Entry.file("..\\evil.txt", "owned")),
                        // commons-compress reports the name with forward slashes
                        d, "../evil.txt", "path leaves the app directory (zip-slip)"),
                Arguments.of("symlink out", List.of(Entry.file("index.html", "hi"),
                        new Entry("etc", 0120777, "../../../../etc".getBytes(StandardCharsets.UTF_8))),
                        d, "etc", "symbolic link points outside the app directory"),
                Arguments.of("absolute symlink", List.of(new Entry("passwd", 0120777, "/etc/passwd".getBytes(StandardCharsets.UTF_8))),
                        d, "passwd", "symbolic link points outside the app directory"),
                Arguments.of("char device", List.of(new Entry("console", 0020644, new byte[0])),
                        d, "console", "device, FIFO or socket files are not allowed"),
                Arguments.of("fifo", List.of(new Entry("pipe", 0010644, new byte[0])),
                        d, "pipe", "device, FIFO or socket files are not allowed"),
                Arguments.of("block device", List.of(Entry.file("index.html", "hi"), new Entry("disk", 0060660, new byte[0])),
                        d, "disk", "device, FIFO or socket files are not allowed"),
                Arguments.of("socket", List.of(Entry.file("index.html", "hi"), new Entry("sock", 0140755, new byte[0])),
                        d, "sock", "device, FIFO or socket files are not allowed"),
                Arguments.of("total size", List.of(Entry.file("a.txt", "x".repeat(600)), Entry.file("b.txt", "y".repeat(600))),
                        d.withMaxTotalBytes(1000), "b.txt", "total uncompressed size over the limit"),
                Arguments.of("entry count", many, d.withMaxEntries(3), "f3.txt", "too many entries (3)"),
                Arguments.of("zip bomb ratio", List.of(new Entry("bomb.bin", 0100644, zeros)),
                        d, "bomb.bin", "compression ratio over the limit (zip bomb)"),
                Arguments.of("duplicate entry", List.of(Entry.file("index.html", "a"), Entry.file("./index.html", "b")),
                        d, "./index.html", "duplicate entry"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("maliciousZips")
    void refusesAndLeavesNothing(String name, List<Entry> entries, UnpackLimits limits, String entry, String rule)
            throws Exception {
        Path pkg = zip(tmp.resolve("pkg.zip"), entries);
        assertRefused(pkg, limits, entry, rule);
    }

    @Test
    void refusesAnAbsolutePathAndWritesNothingThere() throws Exception {
        // A name no other run uses, so that "absent afterwards" means "not written by this build".
        Path target = Path.of("/tmp", "paas-evil-" + UUID.randomUUID() + ".txt");
        assertThat(target).doesNotExist();
        Path pkg = zip(tmp.resolve("abs.zip"), List.of(Entry.file("index.html", "hi"), Entry.file(target.toString(), "owned")));
        try {
            assertRefused(pkg, UnpackLimits.defaults(), target.toString(), "absolute path (zip-slip)");
            assertThat(target).as("the entry's absolute target").doesNotExist();
        } finally {
            Files.deleteIfExists(target);
        }
    }

    @Test
    void refusesASymlinkChainThatEndsOutside() throws Exception {
        // Each target alone stays inside lexically, but the kernel resolves a/b/up (-> a) before
        // the "..": x -> a/b/up/../.. is the parent of the app directory.
        Path pkg = zip(tmp.resolve("chain.zip"), List.of(Entry.file("index.html", "hi"),
                new Entry("a/b/up", 0120777, "..".getBytes(StandardCharsets.UTF_8)),
                new Entry("x", 0120777, "a/b/up/../..".getBytes(StandardCharsets.UTF_8))));
        assertRefused(pkg, UnpackLimits.defaults(), "x", "symbolic link points outside the app directory");
    }

    @Test
    void refusesSymlinksAndFifosInADirectory() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("dir"));
        Files.writeString(dir.resolve("index.html"), "hi");
        Files.createSymbolicLink(dir.resolve("secrets"), Path.of("/etc"));
        assertRefused(dir, UnpackLimits.defaults(), "secrets", "symbolic link points outside the app directory");

        Files.delete(dir.resolve("secrets"));
        Process p = new ProcessBuilder("mkfifo", dir.resolve("pipe").toString()).start();
        assertThat(p.waitFor()).isZero();
        assertRefused(dir, UnpackLimits.defaults(), "pipe", "device, FIFO or socket files are not allowed");
    }

    @Test
    void acceptsLinksThatStayInside() throws Exception {
        Path pkg = zip(tmp.resolve("ok.zip"), List.of(Entry.file("v1/index.html", "hi"),
                new Entry("current", 0120777, "v1".getBytes(StandardCharsets.UTF_8)),
                Entry.file("index.html", "root")));
        Path app = tmp.resolve("app");
        new SafeUnpacker(UnpackLimits.defaults()).unpack(pkg, app);
        assertThat(Files.readSymbolicLink(app.resolve("current"))).isEqualTo(Path.of("v1"));
        assertThat(Files.readString(app.resolve("current/index.html"))).isEqualTo("hi");
    }

    private void assertRefused(Path pkg, UnpackLimits limits, String entry, String rule) throws IOException {
        Path work = tmp.resolve("work");
        Path store = tmp.resolve("store");
        ImageFactory f = factory(limits, work, store);
        List<String> lines = new ArrayList<>();
        assertThatThrownBy(() -> f.build(BuildRequest.of(pkg), lines::add))
                .isInstanceOfSatisfying(StagingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(StagingException.Reason.UNSAFE_PACKAGE);
                    assertThat(e.getMessage()).contains("'" + entry + "'").contains(rule);
                });
        assertThat(lines).anyMatch(l -> l.startsWith("-----> Staging failed: unsafe package"));
        assertThat(listAll(work)).as("work directory").isEmpty();
        assertThat(listAll(store)).as("store").isEmpty();
        assertThat(listAll(tmp)).as("nothing written beside the package")
                .noneMatch(p -> p.getFileName().toString().startsWith("evil"));
    }

    private ImageFactory factory(UnpackLimits limits, Path work) {
        return factory(limits, work, tmp.resolve("store"));
    }

    private ImageFactory factory(UnpackLimits limits, Path work, Path store) {
        return ImageFactory.builder().store(ImageFactory.fileStore(store)).workDir(work)
                .cacheDir(tmp.resolve("cache")).limits(limits)
                .guest(() -> fail("an unsafe package must fail before the guest is needed"))
                .build();
    }

    static List<Path> listAll(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> !p.equals(dir)).toList();
        }
    }
}
