package dev.paas.kernel.infra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InitramfsTest {

    @TempDir
    Path dir;

    @Test
    void writesANewcArchiveThatCpioReads() throws Exception {
        Path init = Files.writeString(dir.resolve("init"), "#!init");
        Path out = dir.resolve("a.cpio");
        Initramfs.withBaseLayout(init).file("/paas/launch", "command /app/x\n")
                .file("/app/bin/x", new byte[] {1, 2, 3}, 0755).write(out);

        List<String> listing = InitParsingTest.run(List.of("cpio", "-itv", "--quiet", "-F", out.toString()));
        assertThat(listing).anyMatch(l -> l.startsWith("crw-------") && l.endsWith("dev/console"));
        assertThat(listing).anyMatch(l -> l.startsWith("-rwxr-xr-x") && l.endsWith(" init"));
        assertThat(listing).anyMatch(l -> l.startsWith("drwxr-xr-x") && l.endsWith(" app/bin"));
        assertThat(listing).anyMatch(l -> l.startsWith("-rw-r--r--") && l.endsWith(" paas/launch"));
    }

    @Test
    void sameContentSameBytes() throws Exception {
        Path init = Files.writeString(dir.resolve("init"), "#!init");
        byte[] a = Initramfs.withBaseLayout(init).file("/b", "1").file("/a", "2").toBytes();
        byte[] b = Initramfs.withBaseLayout(init).file("/a", "2").file("/b", "1").toBytes();
        assertThat(a).isEqualTo(b);
        assertThat(a.length % 4).isZero();
    }

    @Test
    void rejectsPathsThatEscape() {
        assertThatThrownBy(() -> new Initramfs().file("/app/../etc/passwd", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Initramfs().file("relative", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
