package dev.paas.kernel.infra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The kernel cache key follows the fragment: same bytes, same kernel; any change, a rebuild. */
class KernelKeyTest {

    static final Path KERNEL_DIR = Path.of(System.getProperty("paas.kernel.dir", "."));

    @TempDir
    Path dir;

    @Test
    void keyChangesWithTheFragmentOnly() throws Exception {
        Path fragment = KERNEL_DIR.resolve("config/microvm.fragment");
        Path copy = Files.copy(fragment, dir.resolve("copy.fragment"));
        Path changed = Files.writeString(dir.resolve("changed.fragment"),
                Files.readString(fragment) + "CONFIG_IPV6=y\n");

        String original = key(fragment);
        assertThat(original).matches("[0-9a-f]{20}");
        assertThat(key(copy)).isEqualTo(original);
        assertThat(key(changed)).isNotEqualTo(original);
    }

    private String key(Path fragment) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("/bin/bash",
                KERNEL_DIR.resolve("scripts/build-kernel.sh").toString(), fragment.toString());
        pb.environment().put("PAAS_PRINT_KEY", "1");
        pb.environment().put("PAAS_CACHE_DIR", dir.resolve("cache").toString());
        Process p = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).isZero();
        assertThat(out).startsWith("KEY=");
        return out.substring(4);
    }
}
