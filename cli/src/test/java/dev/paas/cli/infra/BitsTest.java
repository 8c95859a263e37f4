package dev.paas.cli.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.cli.core.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BitsTest {

    @TempDir
    Path tmp;

    @Test
    void aFileIsSentAsItIs() throws Exception {
        Path jar = Files.writeString(tmp.resolve("app.jar"), "abc");
        Bits b = Bits.of(jar, Progress.NONE);
        assertThat(b.zipped()).isFalse();
        assertThat(b.file()).isEqualTo(jar);
        assertThat(b.size()).isEqualTo(3);
        assertThat(b.sha256()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        b.discard();
        assertThat(jar).exists();
    }

    @Test
    void aDirectoryIsZippedReproduciblyWithoutVcsLitter() throws Exception {
        Path site = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<h1>hi</h1>");
        Files.createDirectories(site.resolve("css"));
        Files.writeString(site.resolve("css/site.css"), "body{}");
        Files.createDirectories(site.resolve(".git"));
        Files.writeString(site.resolve(".git/HEAD"), "ref: main");
        Files.writeString(site.resolve("manifest.yml"), "applications: []");

        List<String> events = new ArrayList<>();
        Bits first = Bits.of(site, recording(events));
        Files.setLastModifiedTime(site.resolve("index.html"), FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
        Bits second = Bits.of(site, Progress.NONE);
        try (ZipFile zip = new ZipFile(first.file().toFile())) {
            assertThat(zip.stream().map(e -> e.getName()).toList())
                    .containsExactly("css/", "css/site.css", "index.html");
        }
        assertThat(first.zipped()).isTrue();
        assertThat(first.sha256()).isEqualTo(second.sha256());
        assertThat(events).first().asString().startsWith("start packing site 17");
        assertThat(events).last().asString().startsWith("done packed 3 entries");
        first.discard();
        second.discard();
        assertThat(first.file()).doesNotExist();
    }

    @Test
    void anExecutableInADirectoryStaysExecutable() throws Exception {
        Path app = Files.createDirectories(tmp.resolve("app"));
        Path run = Files.writeString(app.resolve("run"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(run, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(app.resolve("data.txt"), "data");
        Bits bits = Bits.of(app, Progress.NONE);
        try (org.apache.commons.compress.archivers.zip.ZipFile zip =
                     org.apache.commons.compress.archivers.zip.ZipFile.builder().setFile(bits.file().toFile()).get()) {
            assertThat(zip.getEntry("run").getUnixMode()).isEqualTo(0100755);
            assertThat(zip.getEntry("data.txt").getUnixMode()).isEqualTo(0100644);
        } finally {
            bits.discard();
        }
    }

    private static Progress recording(List<String> events) {
        return new Progress() {
            @Override
            public void start(String label, long total) {
                events.add("start " + label + " " + total);
            }

            @Override
            public void advance(long amount) {
                events.add("advance " + amount);
            }

            @Override
            public void done(String summary) {
                events.add("done " + summary);
            }
        };
    }
}
