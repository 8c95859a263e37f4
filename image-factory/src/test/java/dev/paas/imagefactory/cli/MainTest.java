package dev.paas.imagefactory.cli;

import dev.paas.imagefactory.Newc;
import dev.paas.imagefactory.Samples;
import dev.paas.imagefactory.api.ImageFactory;
import dev.paas.imagefactory.api.ImageMetadata;
import dev.paas.imagefactory.api.StoredImage;
import dev.paas.kernel.api.LaunchSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
        Path store = tmp.resolve("store");
        // Not the buildpack's default (/app/hello-static), and not the default 256M: both must come from the flags.
        String command = "/app/hello-static --greeting 'hi there'";
        int rc = run(out, err, "build", Samples.nativeStatic().toString(), "--out", store.toString(),
                "--memory", "64M", "--command", command);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(text).containsPattern("digest +sha256:[0-9a-f]{64}").contains("runtime    native")
                .containsPattern("total +[0-9]+").contains("phases     unpack=");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("-----> Detected native buildpack")
                .contains("command: " + command);
        String digest = text.lines().filter(l -> l.startsWith("digest")).findFirst().orElseThrow().split("\\s+")[1];
        assertThat(store.resolve("sha256").resolve(digest.substring(7)).resolve("image.json")).exists();

        StoredImage image = ImageFactory.fileStore(store).find(digest).orElseThrow();
        ImageMetadata.Launch launch = image.metadata().launch();
        assertThat(launch.memoryMib()).as("--memory in image.json").isEqualTo(64);
        assertThat(launch.command()).as("--command in image.json").isEqualTo(command);
        byte[] inGuest = Newc.file(image.initramfs(), "paas/launch").orElseThrow();
        assertThat(new String(inGuest, StandardCharsets.UTF_8)).as("the launch spec the init reads")
                .isEqualTo(launch.spec());
        assertThat(LaunchSpec.parse(launch.spec()).command()).isEqualTo(command);
    }

    @Test
    void failuresExitNonZeroWithTheReason() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(empty.resolve("README"), "nothing to run");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(run(out, err, "build", empty.toString(), "--out", tmp.resolve("s").toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("image-factory: no-buildpack: no buildpack matches");
    }

    @ParameterizedTest(name = "--memory {0}")
    @CsvSource(delimiter = '|', value = {
            "12Q  | memory: '12Q' is not a size; write a whole number with M or G, such as 256M or 1G",
            "1T   | memory: '1T' is not a size; write a whole number with M or G, such as 256M or 1G",
            "-64M | memory: '-64M' is not a size; write a whole number with M or G, such as 256M or 1G",
            "16M  | memory must be between 32M and 65536M, got 16M",
            "65G  | memory must be between 32M and 65536M, got 66560M"})
    void badMemoryIsAUsageErrorAndWritesNothing(String memory, String message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path store = tmp.resolve("store");
        Path cache = tmp.resolve("cache");
        int rc = run(out, err, "build", Samples.staticSite(tmp).toString(), "--out", store.toString(),
                "--cache", cache.toString(), "--memory", memory);
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("image-factory: invalid-request: " + message
                + System.lineSeparator());
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(store).as("--out").doesNotExist();
        assertThat(cache).as("--cache").doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--docker-image=Bad/Name | docker image 'Bad/Name': name components are lower-case",
            "--docker-image=a:b c    | tag must match",
            "--memory=256M           | give either PATH or --docker-image, not both and not neither"})
    void dockerImageUsageErrors(String arg, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(run(out, err, "build", arg, "--out", tmp.resolve("s").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("image-factory: invalid-request: ").contains(message);
        assertThat(tmp.resolve("s")).doesNotExist();
    }

    @Test
    void rootDiskAboveZeroPutsTheSiteOnARootDisk() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = run(out, err, "build", Samples.staticSite(tmp).toString(), "--out", tmp.resolve("store").toString(),
                "--root-disk-above", "0");
        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("rootdisk +/\\S+/root.erofs [0-9]+");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("-----> Writing the root disk (erofs, read-only)");
    }

    @ParameterizedTest(name = "--root-disk-above {0}")
    @CsvSource(delimiter = '|', value = {
            "-1      | image-factory: invalid-request: --root-disk-above must be between 0 and 1048576 MiB, got -1",
            "1048577 | image-factory: invalid-request: --root-disk-above must be between 0 and 1048576 MiB, got 1048577",
            "64M     | Invalid value for option '--root-disk-above'"})
    void badRootDiskThresholdsAreUsageErrorsAndWriteNothing(String value, String message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path store = tmp.resolve("store");
        int rc = run(out, err, "build", Samples.staticSite(tmp).toString(), "--out", store.toString(),
                "--root-disk-above", value);
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(message);
        assertThat(store).as("--out").doesNotExist();
    }
}
