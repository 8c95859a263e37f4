package dev.paas.kernel.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel cache as {@code scripts/test} and the platform use it: a changed fragment really
 * builds a new kernel (in the kept build tree, so tens of seconds, not minutes), that kernel
 * carries the change, and the same fragment again is reused without building. The real
 * fragment's kernel stays cached throughout. The test's own kernel is deleted at the end.
 */
@Tag("vm")
class KernelRebuildTest {

    static final Path KERNEL_DIR = Path.of(System.getProperty("paas.kernel.dir", "."));
    static final Path CACHE = Path.of(System.getenv().getOrDefault("PAAS_CACHE_DIR", System.getProperty("user.home") + "/.cache/paas"));

    @TempDir
    Path dir;

    record Build(int code, String out, String err, long millis) {
        String value(String key) {
            return out.lines().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + key + " in\n" + this));
        }

        @Override
        public String toString() {
            return "exit " + code + " after " + millis + " ms\n--- out\n" + out + "--- err\n" + err;
        }
    }

    @Test
    void aChangedFragmentBuildsANewKernelWithTheChangeAndIsThenReused() throws Exception {
        Path fragment = KERNEL_DIR.resolve("config/microvm.fragment");
        // A release suffix: harmless to the guest, visible in the kernel's banner, new every run.
        String suffix = "-rebuild" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Path changed = Files.writeString(dir.resolve("changed.fragment"),
                Files.readString(fragment) + "CONFIG_LOCALVERSION=\"" + suffix + "\"\n");

        Build real = build(fragment);
        assertThat(real.code()).as(real.toString()).isZero();
        assertThat(real.err()).as("the platform's kernel is cached by scripts/test").contains("cached: ");
        Path realDir = Path.of(real.value("KERNEL_DIR"));
        FileTime realBuilt = Files.getLastModifiedTime(realDir.resolve("bzImage"));

        Build first = build(changed);
        Path newDir = Path.of(first.value("KERNEL_DIR"));
        try {
            assertThat(first.code()).as(first.toString()).isZero();
            assertThat(newDir).isNotEqualTo(realDir);
            assertThat(first.err()).as(first.toString()).contains("building bzImage").contains("built in ").doesNotContain("cached: ");
            assertThat(Files.readString(newDir.resolve("config"))).contains("CONFIG_LOCALVERSION=\"" + suffix + "\"");
            assertThat(contains(newDir.resolve("vmlinux"), "6.1")).isTrue();
            assertThat(contains(newDir.resolve("vmlinux"), suffix)).as("the banner carries the fragment's release suffix").isTrue();
            assertThat(Files.size(newDir.resolve("bzImage"))).isBetween(1L, 3L * 1024 * 1024);
            FileTime built = Files.getLastModifiedTime(newDir.resolve("bzImage"));

            Build again = build(changed);
            assertThat(again.code()).as(again.toString()).isZero();
            assertThat(again.err()).contains("cached: " + newDir).doesNotContain("building");
            assertThat(Path.of(again.value("BZIMAGE"))).isEqualTo(newDir.resolve("bzImage"));
            assertThat(Files.getLastModifiedTime(newDir.resolve("bzImage"))).isEqualTo(built);

            Build realAgain = build(fragment);
            assertThat(realAgain.err()).contains("cached: " + realDir);
            assertThat(Files.getLastModifiedTime(realDir.resolve("bzImage"))).isEqualTo(realBuilt);
        } finally {
            deleteTree(newDir);
        }
    }

    static Build build(Path fragment) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", KERNEL_DIR.resolve("scripts/build-kernel.sh").toString(), fragment.toString());
        pb.environment().put("PAAS_CACHE_DIR", CACHE.toString());
        long t0 = System.nanoTime();
        Process p = pb.start();
        p.getOutputStream().close();
        var err = new java.util.concurrent.CompletableFuture<String>();
        Thread pump = new Thread(() -> {
            try {
                err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.completeExceptionally(e);
            }
        });
        pump.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("build-kernel.sh did not finish in 20 minutes");
        }
        return new Build(p.exitValue(), out, err.get(), (System.nanoTime() - t0) / 1_000_000);
    }

    /** Whether the (binary) file holds {@code text} in ASCII. */
    static boolean contains(Path file, String text) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
