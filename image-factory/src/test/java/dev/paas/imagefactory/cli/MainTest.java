package dev.paas.imagefactory.cli;

import dev.paas.imagefactory.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {

    @TempDir
    Path tmp;

    private int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void buildPrintsDigestAndSizes() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = run(out, err, "build", Samples.nativeStatic().toString(), "--out", tmp.resolve("store").toString(),
                "--memory", "64M", "--command", "/app/hello-static");
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(text).containsPattern("digest +sha256:[0-9a-f]{64}").contains("runtime    native")
                .containsPattern("total +[0-9]+").contains("phases     unpack=");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("-----> Detected native buildpack");
        String digest = text.lines().filter(l -> l.startsWith("digest")).findFirst().orElseThrow().split("\\s+")[1];
        assertThat(tmp.resolve("store/sha256").resolve(digest.substring(7)).resolve("image.json")).exists();
    }

    @Test
    void failuresExitNonZeroWithTheReason() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(empty.resolve("README"), "nothing to run");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(run(out, err, "build", empty.toString(), "--out", tmp.resolve("s").toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("image-factory: no-buildpack: no buildpack matches");
        assertThat(run(out, err, "build", empty.toString(), "--out", tmp.resolve("s").toString(), "--memory", "1T"))
                .isEqualTo(2);
    }
}
