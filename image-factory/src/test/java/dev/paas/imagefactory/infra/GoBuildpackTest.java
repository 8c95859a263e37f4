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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The go buildpack with the real toolchain (Debian's golang-go; its build cache under
 * ~/.cache/paas/go) on the sample module, which has a dependency replaced by a directory of its
 * own, so nothing is fetched.
 */
class GoBuildpackTest {

    @TempDir
    Path tmp;

    private ImageFactory factory(String store) {
        return ImageFactory.builder().store(ImageFactory.fileStore(tmp.resolve(store)))
                .workDir(tmp.resolve("work")).cacheDir(Guests.defaultCacheDir()).build();
    }

    @Test
    void buildsAStaticBinaryAndTheSameDigestTwice() throws Exception {
        Path app = Samples.sourceApp("go/hello", tmp);
        List<String> lines = new ArrayList<>();
        BuildResult a = factory("one").build(BuildRequest.of(app), lines::add);
        BuildResult b = factory("two").build(BuildRequest.of(app), line -> { });
        ImageMetadata m = a.image().metadata();
        assertThat(m.runtime()).isEqualTo("go");
        assertThat(m.launch().command()).isEqualTo("/app/bin/hello");
        assertThat(m.libraries()).as("CGO_ENABLED=0: static").isEmpty();
        assertThat(m.totalBytes()).as("Go hello image").isLessThanOrEqualTo(15L << 20);
        assertThat(lines).anyMatch(l -> l.contains("Detected go buildpack: go.mod found"))
                .anyMatch(l -> l.contains("module example.com/hello, go 1.19, GOPROXY=off"))
                .anyMatch(l -> l.contains("go version go1."))
                .anyMatch(l -> l.contains("bin/hello: static"));
        assertThat(b.digest()).as("reproducible: another store, warm caches").isEqualTo(a.digest());
        assertThat(Files.readAllBytes(b.image().initramfs())).isEqualTo(Files.readAllBytes(a.image().initramfs()));
        assertThat(SafeUnpackTest.listAll(tmp.resolve("work"))).isEmpty();
    }

    @Test
    void vendoredModulesBuildWithModVendor() throws Exception {
        Path app = Samples.sourceApp("go/hello", tmp);
        Files.createDirectories(app.resolve("vendor/example.com/greet"));
        Files.copy(app.resolve("greet/greet.go"), app.resolve("vendor/example.com/greet/greet.go"));
        Files.writeString(app.resolve("vendor/modules.txt"),
                "# example.com/greet v0.0.0 => ./greet\n## explicit\nexample.com/greet\n# example.com/greet => ./greet\n");
        List<String> lines = new ArrayList<>();
        BuildResult r = factory("v").build(BuildRequest.of(app), lines::add);
        assertThat(r.image().metadata().runtime()).isEqualTo("go");
        assertThat(lines).anyMatch(l -> l.contains("vendor/ (-mod=vendor)")).anyMatch(l -> l.contains("-mod=vendor"));
    }

    @Test
    void aCompileErrorFailsWithTheCompilersMessage() throws Exception {
        Path app = Samples.sourceApp("go/hello", tmp);
        Files.writeString(app.resolve("broken.go"), "package main\n\nfunc broken() int { return undefinedName }\n");
        List<String> lines = new ArrayList<>();
        assertThatThrownBy(() -> factory("e").build(BuildRequest.of(app), lines::add))
                .isInstanceOfSatisfying(StagingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(StagingException.Reason.BUILD_FAILED);
                    assertThat(e.getMessage()).contains("go build failed").contains("undefined: undefinedName");
                });
        assertThat(lines).anyMatch(l -> l.contains("broken.go:3") && l.contains("undefined: undefinedName"));
        assertThat(SafeUnpackTest.listAll(tmp.resolve("e"))).isEmpty();
        assertThat(SafeUnpackTest.listAll(tmp.resolve("work"))).isEmpty();
    }

    @Test
    void aMissingModuleIsNotFetchedWithoutAProxy() throws Exception {
        Path app = Samples.sourceApp("go/hello", tmp);
        Files.writeString(app.resolve("go.mod"), "module example.com/hello\n\ngo 1.19\n\nrequire example.com/greet v1.0.0\n");
        List<String> lines = new ArrayList<>();
        assertThatThrownBy(() -> factory("p").build(BuildRequest.of(app), lines::add))
                .isInstanceOf(StagingException.class).hasMessageContaining("go build failed");
        assertThat(lines).anyMatch(l -> l.contains("GOPROXY=off"));
    }

    @Test
    void aPackageSpecPicksTheMainPackage() throws Exception {
        Path app = Samples.sourceApp("go/hello", tmp);
        Path cmd = Files.createDirectories(app.resolve("cmd/other"));
        Files.move(app.resolve("main.go"), cmd.resolve("main.go"));
        BuildResult r = factory("c").build(BuildRequest.of(app)
                .withEnv(Map.of("GO_INSTALL_PACKAGE_SPEC", "./cmd/other")), line -> { });
        assertThat(r.image().metadata().launch().command()).isEqualTo("/app/bin/hello");
    }

    @Test
    void aGoWorkFileIsIgnored() throws Exception {
        Path app = Samples.sourceApp("go/hello", tmp);
        Files.writeString(app.resolve("go.work"), "go 1.19\n\nuse (\n\t.\n\t/nonexistent/host/dir\n)\n");
        BuildResult r = factory("w").build(BuildRequest.of(app), line -> { });
        assertThat(r.image().metadata().runtime()).isEqualTo("go");
    }
}
