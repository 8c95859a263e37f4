package dev.paas.kernel.infra;

import dev.paas.kernel.api.GuestBuildException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A host without the build tools gets told which Debian package to install. */
class MissingToolsTest {

    @TempDir
    Path dir;

    /** A PATH with the basics the scripts need to compute their cache key, and no tool chain. */
    private Path basicsOnly() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String tool : List.of("realpath", "cat", "sha256sum", "cut", "dpkg-query", "stat", "mkdir")) {
            Path real = Path.of("/usr/bin", tool);
            if (Files.exists(real)) {
                Files.createSymbolicLink(bin.resolve(tool), real);
            }
        }
        return bin;
    }

    @Test
    void initBuildNamesMuslTools() throws Exception {
        Path kernelDir = Path.of(System.getProperty("paas.kernel.dir", "."));
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", kernelDir.resolve("scripts/build-init.sh").toString(),
                kernelDir.resolve("init").toString());
        pb.environment().put("PATH", basicsOnly().toString());
        pb.environment().put("PAAS_CACHE_DIR", dir.resolve("cache").toString());
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isNotZero();
        assertThat(err)
                .contains("[init] error: musl-gcc not found: apt-get install musl-tools");
    }

    @Test
    void kernelBuildNamesBuildEssential() throws Exception {
        GuestBuilder builder = new GuestBuilder(dir.resolve("cache"), Map.of("PATH", basicsOnly().toString()));

        assertThatThrownBy(() -> builder.obtain(line -> { }))
                .isInstanceOf(GuestBuildException.class)
                .hasMessage("make not found: apt-get install build-essential");
    }
}
