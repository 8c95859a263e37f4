package dev.paas.nodeagent.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.paas.kernel.api.VmConfig;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The TCG translation cache an image gets follows what its image.json says it runs. */
class ImageMetadataTest {

    static final String FILES = "\"kernel\":{\"name\":\"bzImage\",\"sha256\":\"" + "a".repeat(64) + "\"},"
            + "\"initramfs\":{\"name\":\"initramfs.cpio.gz\",\"sha256\":\"" + "b".repeat(64) + "\"}";

    static Stream<Arguments> images() {
        int small = VmConfig.SMALL_TCG_CACHE_MIB;
        int normal = VmConfig.DEFAULT_TCG_CACHE_MIB;
        return Stream.of(
                arguments("a JVM", "\"runtime\":\"java\",\"sizes\":{\"rootfs\":66901394}", normal),
                arguments("a JVM that says no size", "\"runtime\":\"java\"", normal),
                arguments("a static site", "\"runtime\":\"static\",\"sizes\":{\"rootfs\":120000}", small),
                arguments("a small native program", "\"runtime\":\"native\",\"sizes\":{\"rootfs\":2110000}", small),
                arguments("a native program of 4 MiB", "\"runtime\":\"native\",\"sizes\":{\"rootfs\":4194304}", small),
                arguments("a large native program", "\"runtime\":\"native\",\"sizes\":{\"rootfs\":4194305}", normal),
                arguments("a native program that says no size", "\"runtime\":\"native\"", normal),
                arguments("a runtime this agent does not know", "\"runtime\":\"python\",\"sizes\":{\"rootfs\":1000}", normal),
                arguments("no runtime (the agent's minimal form)", "\"format\":1", normal));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void tcgCacheFollowsTheRuntime(String name, String fields, int mib) throws Exception {
        String json = "{\"schema\":1," + FILES + "," + fields + "}";
        if (fields.startsWith("\"format\"")) {
            json = "{" + fields + "}";
        }
        assertThat(ImageMetadata.parse(json.getBytes(StandardCharsets.UTF_8)).tcgCacheMib()).isEqualTo(mib);
    }
}
