package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.Newc;
import dev.paas.imagefactory.api.InitramfsCompression;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InitramfsWriterTest {

    @TempDir
    Path tmp;

    private Rootfs sample(Path dir) throws Exception {
        Path init = Files.writeString(dir.resolve("init"), "#!init");
        Path app = Files.createDirectories(dir.resolve("app"));
        Files.writeString(app.resolve("z.txt"), "zzz");
        Files.writeString(app.resolve("a.sh"), "echo");
        Files.setPosixFilePermissions(app.resolve("a.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.createDirectories(app.resolve("sub"));
        Files.writeString(app.resolve("sub/m.txt"), "m");
        Files.createSymbolicLink(app.resolve("link"), Path.of("sub/m.txt"));
        Rootfs fs = Rootfs.base(init);
        fs.tree(app, "/app", Rootfs.Part.APP);
        fs.launch(dev.paas.kernel.api.LaunchSpec.of("/app/a.sh"));
        return fs;
    }

    @Test
    void sameContentSameBytesWhateverTheTimesAndUmask() throws Exception {
        Path d1 = Files.createDirectories(tmp.resolve("one"));
        Path d2 = Files.createDirectories(tmp.resolve("two"));
        Rootfs a = sample(d1);
        Rootfs b = sample(d2);
        Files.setLastModifiedTime(d2.resolve("app/z.txt"), FileTime.fromMillis(123456789L));
        Files.setPosixFilePermissions(d2.resolve("app/z.txt"), PosixFilePermissions.fromString("rw-------"));
        InitramfsWriter.Written w1 = InitramfsWriter.write(a, tmp.resolve("one.cpio.gz"), InitramfsCompression.GZIP);
        InitramfsWriter.Written w2 = InitramfsWriter.write(b, tmp.resolve("two.cpio.gz"), InitramfsCompression.GZIP);
        assertThat(w1.sha256()).isEqualTo(w2.sha256());
        assertThat(Files.readAllBytes(tmp.resolve("one.cpio.gz"))).isEqualTo(Files.readAllBytes(tmp.resolve("two.cpio.gz")));
        assertThat(w1.bytes()).isEqualTo(Files.size(tmp.resolve("one.cpio.gz")));
    }

    @Test
    void newcEntriesSortedRootOwnedTimeZero() throws Exception {
        Path d = Files.createDirectories(tmp.resolve("d"));
        InitramfsWriter.write(sample(d), tmp.resolve("x.cpio.gz"), InitramfsCompression.GZIP);
        List<CpioArchiveEntry> entries = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        try (InputStream in = new GzipCompressorInputStream(Files.newInputStream(tmp.resolve("x.cpio.gz")));
             CpioArchiveInputStream cpio = new CpioArchiveInputStream(in)) {
            for (CpioArchiveEntry e; (e = cpio.getNextEntry()) != null; ) {
                entries.add(e);
                bodies.add(new String(cpio.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        List<String> names = entries.stream().map(CpioArchiveEntry::getName).toList();
        assertThat(names).isSorted().contains("init", "paas/launch", "dev/console", "app/a.sh", "app/link", "tmp");
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.getFormat()).isEqualTo((short) 1);  // newc
            assertThat(e.getTime()).isZero();
            assertThat(e.getUID()).isZero();
            assertThat(e.getGID()).isZero();
        });
        CpioArchiveEntry script = entries.get(names.indexOf("app/a.sh"));
        assertThat(script.getMode()).isEqualTo(0100755);
        assertThat(entries.get(names.indexOf("app/z.txt")).getMode()).isEqualTo(0100644);
        assertThat(entries.get(names.indexOf("app")).getMode()).isEqualTo(0040755);
        assertThat(entries.get(names.indexOf("app/link")).getMode()).isEqualTo(0120777);
        assertThat(bodies.get(names.indexOf("app/link"))).isEqualTo("sub/m.txt");
        CpioArchiveEntry console = entries.get(names.indexOf("dev/console"));
        assertThat(console.getMode()).isEqualTo(0020600);
        assertThat(console.getRemoteDeviceMaj()).isEqualTo(5);
        assertThat(console.getRemoteDeviceMin()).isEqualTo(1);
        assertThat(bodies.get(names.indexOf("paas/launch"))).startsWith("command /app/a.sh\n");
    }

    @Test
    void layeredWithACachedRuntimeLayerGivesTheSameBytesColdAndWarm() throws Exception {
        Path d = Files.createDirectories(tmp.resolve("l"));
        Rootfs fs = sample(d);
        Path cache = tmp.resolve("layers");
        InitramfsWriter.Written cold = InitramfsWriter.write(fs, tmp.resolve("cold.cpio.gz"), InitramfsCompression.GZIP,
                java.util.Optional.of(cache));
        InitramfsWriter.Written warm = InitramfsWriter.write(fs, tmp.resolve("warm.cpio.gz"), InitramfsCompression.GZIP,
                java.util.Optional.of(cache));
        assertThat(cold.layerCached()).isFalse();
        assertThat(warm.layerCached()).isTrue();
        assertThat(warm.sha256()).isEqualTo(cold.sha256());
        byte[] all;
        try (InputStream in = new GzipCompressorInputStream(Files.newInputStream(tmp.resolve("warm.cpio.gz")), true)) {
            all = in.readAllBytes();
        }
        List<String> names = newcNames(all);
        assertThat(names).containsSubsequence("init", "paas/launch", "TRAILER!!!").contains("app/a.sh", "dev/console");
        assertThat(names.indexOf("app/a.sh")).as("the app comes in the second archive")
                .isGreaterThan(names.indexOf("TRAILER!!!"));
        assertThat(names.indexOf("init")).isLessThan(names.indexOf("TRAILER!!!"));
    }

    @Test
    void uncompressedIsPlainNewc() throws Exception {
        Path d = Files.createDirectories(tmp.resolve("u"));
        InitramfsWriter.write(sample(d), tmp.resolve("u.cpio"), InitramfsCompression.NONE);
        byte[] all = Files.readAllBytes(tmp.resolve("u.cpio"));
        assertThat(new String(all, 0, 6, StandardCharsets.US_ASCII)).isEqualTo("070701");
        assertThat(newcNames(all)).contains("init", "app/z.txt");
    }

    /** Names of every entry in concatenated newc archives (as the kernel reads them). */
    static List<String> newcNames(byte[] b) {
        return Newc.entries(b).stream().map(Newc.Entry::name).toList();
    }
}
