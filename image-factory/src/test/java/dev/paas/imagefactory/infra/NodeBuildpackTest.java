package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.Samples;
import dev.paas.imagefactory.api.BuildRequest;
import dev.paas.imagefactory.api.BuildResult;
import dev.paas.imagefactory.api.ImageFactory;
import dev.paas.imagefactory.api.ImageMetadata;
import dev.paas.imagefactory.api.StagingException;
import dev.paas.kernel.api.Guests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The node buildpack with the build host's node and npm; the sample's one dependency (express,
 * pinned by its package-lock.json) comes from the npm registry on a cold cache.
 */
class NodeBuildpackTest {

    @TempDir
    Path tmp;

    private ImageFactory factory(String store) {
        return ImageFactory.builder().store(ImageFactory.fileStore(tmp.resolve(store)))
                .workDir(tmp.resolve("work")).cacheDir(Guests.defaultCacheDir()).build();
    }

    @Test
    void expressAppWithItsDependenciesAndTheSameDigestTwice() throws Exception {
        Path app = Samples.sourceApp("node/hello", tmp);
        List<String> lines = new ArrayList<>();
        BuildResult a = factory("one").build(BuildRequest.of(app), lines::add);
        List<String> again = new ArrayList<>();
        BuildResult b = factory("two").build(BuildRequest.of(app), again::add);
        assertThatThrownBy(() -> factory("three").build(BuildRequest.of(app).withMemory("128M"), line -> { }))
                .as("its 90 MiB root does not unpack in 128M").isInstanceOf(StagingException.class)
                .hasMessageContaining("128M is too little, push with at least -m 224M");
        ImageMetadata m = a.image().metadata();
        assertThat(m.runtime()).isEqualTo("node");
        assertThat(m.launch().command()).isEqualTo("node server.js");
        assertThat(m.launch().spec()).contains("env NODE_ENV=production")
                .contains("env PATH=/app/node_modules/.bin:/usr/local/bin:/usr/bin:/bin");
        assertThat(m.libraries()).anyMatch(l -> l.endsWith("/libstdc++.so.6")).anyMatch(l -> l.endsWith("/libc.so.6"));
        assertThat(m.totalBytes()).as("Node hello image").isLessThanOrEqualTo(60L << 20);
        assertThat(lines).anyMatch(l -> l.contains("Detected node buildpack: package.json found"))
                .anyMatch(l -> l.contains("engines.node '>=18 <23': met by"))
                .anyMatch(l -> l.contains("start command from scripts.start"));
        assertThat(again).anyMatch(l -> l.contains("node_modules from the cache"));
        assertThat(b.digest()).as("reproducible: another store, warm caches").isEqualTo(a.digest());
        assertThat(SafeUnpackTest.listAll(tmp.resolve("work"))).isEmpty();
    }

    @Test
    void malformedPackageJsonNamesTheLine() throws Exception {
        Path app = Samples.sourceApp("node/hello", tmp);
        Files.writeString(app.resolve("package.json"), "{\n  \"name\": \"hello\",\n  \"main\" \"server.js\"\n}\n");
        List<String> lines = new ArrayList<>();
        assertThatThrownBy(() -> factory("m").build(BuildRequest.of(app), lines::add))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.reason()).isEqualTo(StagingException.Reason.BUILD_FAILED))
                .hasMessageContaining("package.json is not valid JSON (line 3, column");
        assertThat(lines).anyMatch(l -> l.startsWith("-----> Staging failed: package.json is not valid JSON"));
        assertThat(SafeUnpackTest.listAll(tmp.resolve("m"))).isEmpty();
    }

    @Test
    void anEnginesRangeThatCannotBeMetIsRefused() throws Exception {
        Path app = Samples.sourceApp("node/hello", tmp);
        Files.writeString(app.resolve("package.json"), Files.readString(app.resolve("package.json"))
                .replace("\">=18 <23\"", "\"^8.1 || >=99\""));
        assertThatThrownBy(() -> factory("e").build(BuildRequest.of(app), line -> { }))
                .hasMessageContaining("package.json engines.node '^8.1 || >=99' cannot be met: this platform's node is");
    }

    @Test
    void anAppWithoutStartCommandOrDependenciesIsRefusedBeforeNpm() throws Exception {
        Path app = Files.createDirectories(tmp.resolve("bare"));
        Files.writeString(app.resolve("package.json"), "{\"name\": \"bare\"}\n");
        Files.writeString(app.resolve("app.js"), "console.log(1)\n");
        assertThatThrownBy(() -> factory("b").build(BuildRequest.of(app), line -> { }))
                .hasMessageContaining("package.json has no scripts.start or main");
        // With a command of its own and nothing to install, it builds without the registry.
        BuildResult r = factory("b").build(BuildRequest.of(app).withCommand("node app.js"), line -> { });
        assertThat(r.image().metadata().launch().command()).isEqualTo("node app.js");
    }
}
