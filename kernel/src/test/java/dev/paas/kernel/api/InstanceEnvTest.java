package dev.paas.kernel.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class InstanceEnvTest {

    @TempDir
    Path dir;

    @Test
    void rendersEnvLinesInOrderWithEscapes() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("B", "two\nlines");
        env.put("A", "tab\there \\ back");
        assertThat(new InstanceEnv(env).render()).isEqualTo("env B=two\\nlines\nenv A=tab\\there \\\\ back\n");
    }

    @Test
    void toStringNamesVariablesButNeverValues() {
        assertThat(new InstanceEnv(Map.of("SECRET", "hunter2")).toString()).contains("SECRET").doesNotContain("hunter2");
    }

    static Stream<Arguments> bad() {
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i <= InstanceEnv.MAX_ENV; i++) {
            many.put("V" + i, "x");
        }
        return Stream.of(
                arguments("PORT", Map.of("PORT", "1"), "PORT"),
                arguments("bad name", Map.of("1A", "x"), "env name"),
                arguments("control character", Map.of("A", "x\u0000y"), "env A"),
                arguments("too many", many, "at most 256"),
                arguments("too big", Map.of("A", "x".repeat(InstanceEnv.MAX_RENDERED_BYTES)), "bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad")
    void refusesWhatTheInitWouldRefuse(String name, Map<String, String> env, String message) {
        assertThatThrownBy(() -> new InstanceEnv(env)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void appendsAnAlignedCpioToACopyOfTheImageReadableByItsOwnerOnly() throws Exception {
        Path image = dir.resolve("image.cpio");
        Files.write(image, new byte[] {1, 2, 3, 4, 5});  // any length: the archive starts 4-aligned
        Path target = dir.resolve("instance.cpio");
        InstanceEnv env = new InstanceEnv(Map.of("A", "1"));
        env.writeInitramfs(image, target);
        byte[] bytes = Files.readAllBytes(target);
        byte[] cpio = env.cpio();
        assertThat(Arrays.copyOfRange(bytes, 0, 8)).containsExactly(1, 2, 3, 4, 5, 0, 0, 0);
        assertThat(Arrays.copyOfRange(bytes, 8, bytes.length)).containsExactly(cpio);
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String text = new String(cpio, StandardCharsets.US_ASCII);
        assertThat(text).startsWith("070701").contains("paas/env\0").contains("env A=1\n").contains("TRAILER!!!");
        // mode of paas/env: regular file 0400 (0100400), in the second header
        assertThat(text).contains("000081000");
    }
}
