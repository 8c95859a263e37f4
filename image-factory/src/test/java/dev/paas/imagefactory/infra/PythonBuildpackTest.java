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
 * The python buildpack with Debian's python3 and pip on the sample: a standard-library server
 * and one vendored wheel the test writes itself (PyPI is not reachable, and pip is given only
 * vendor/).
 */
class PythonBuildpackTest {

    @TempDir
    Path tmp;

    private ImageFactory factory(String store) {
        return ImageFactory.builder().store(ImageFactory.fileStore(tmp.resolve(store)))
                .workDir(tmp.resolve("work")).cacheDir(Guests.defaultCacheDir()).build();
    }

    static Path sample(Path tmp) throws Exception {
        Path app = Samples.sourceApp("python/hello", tmp);
        Samples.wheel(app.resolve("vendor"), "greet", "1.0");
        return app;
    }

    @Test
    void vendoredWheelPrunedStdlibAndTheSameDigestTwice() throws Exception {
        Path app = sample(tmp);
        List<String> lines = new ArrayList<>();
        BuildResult a = factory("one").build(BuildRequest.of(app), lines::add);
        List<String> again = new ArrayList<>();
        BuildResult b = factory("two").build(BuildRequest.of(app), again::add);
        ImageMetadata m = a.image().metadata();
        assertThat(m.runtime()).isEqualTo("python");
        assertThat(m.launch().command()).isEqualTo("python app.py");
        assertThat(m.launch().spec()).contains("env PYTHONPATH=/app/.python_packages");
        assertThat(m.libraries()).anyMatch(l -> l.endsWith("/libc.so.6")).anyMatch(l -> l.endsWith("/libssl.so.3"));
        assertThat(m.totalBytes()).as("Python hello image").isLessThanOrEqualTo(40L << 20);
        assertThat(lines).anyMatch(l -> l.contains("Detected python buildpack: requirements.txt found"))
                .anyMatch(l -> l.contains("runtime.txt 'python-3.11.x': met by 3.11"))
                .anyMatch(l -> l.contains("--no-index --find-links vendor/"));
        assertThat(b.digest()).as("reproducible: another store, warm caches").isEqualTo(a.digest());
        assertThat(SafeUnpackTest.listAll(tmp.resolve("work"))).isEmpty();
        Path packages = Files.list(Guests.defaultCacheDir().resolve("python/packages")).filter(p ->
                Files.isRegularFile(p.resolve("packages/greet/__init__.py"))).findFirst().orElseThrow();
        assertThat(packages.resolve("packages/greet/__pycache__")).doesNotExist();
    }

    @Test
    void aRequirementThatCannotBeResolvedFailsWithPipsMessage() throws Exception {
        Path app = sample(tmp);
        Files.writeString(app.resolve("requirements.txt"), "greet==1.0\nnot-there==9.9\n");
        List<String> lines = new ArrayList<>();
        assertThatThrownBy(() -> factory("r").build(BuildRequest.of(app), lines::add))
                .isInstanceOfSatisfying(StagingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(StagingException.Reason.BUILD_FAILED);
                    assertThat(e.getMessage()).contains("pip install failed").contains("not-there==9.9");
                });
        assertThat(lines).anyMatch(l -> l.contains("No matching distribution found for not-there==9.9"));
    }

    @Test
    void runtimeTxtAskingForAnotherPythonIsRefused() throws Exception {
        Path app = sample(tmp);
        Files.writeString(app.resolve("runtime.txt"), "python-3.9.x\n");
        assertThatThrownBy(() -> factory("t").build(BuildRequest.of(app), line -> { }))
                .hasMessageContaining("runtime.txt asks for python-3.9.x: this platform's python is 3.11");
    }

    @Test
    void noStartCommandIsRefusedBeforeAnyWork() throws Exception {
        Path app = sample(tmp);
        Files.delete(app.resolve("Procfile"));
        assertThatThrownBy(() -> factory("s").build(BuildRequest.of(app), line -> { }))
                .hasMessageContaining("a python app needs a start command");
        BuildResult r = factory("s").build(BuildRequest.of(app).withCommand("python3 app.py"), line -> { });
        assertThat(r.image().metadata().launch().command()).isEqualTo("python3 app.py");
    }

    @Test
    void pyprojectDependenciesAreInstalled() throws Exception {
        Path app = sample(tmp);
        Files.delete(app.resolve("requirements.txt"));
        Files.writeString(app.resolve("pyproject.toml"), "[project]\nname = \"hello\"\ndependencies = [\"greet==1.0\"]\n");
        List<String> lines = new ArrayList<>();
        BuildResult r = factory("p").build(BuildRequest.of(app), lines::add);
        assertThat(lines).anyMatch(l -> l.contains("Detected python buildpack: pyproject.toml found"));
        assertThat(r.image().metadata().launch().spec()).contains("env PYTHONPATH=/app/.python_packages");

        Files.writeString(app.resolve("pyproject.toml"),
                "[project]\ndependencies = [\"greet @ file:///etc/passwd\"]\n");
        assertThatThrownBy(() -> factory("p").build(BuildRequest.of(app), line -> { }))
                .hasMessageContaining("pyproject.toml dependencies line 1: 'file:///etc/passwd' is outside the app");
    }

    @Test
    void aNestedRequirementsFileNamingAHostFileIsRefusedBeforePip() throws Exception {
        Path app = sample(tmp);
        Files.writeString(app.resolve("requirements.txt"), "-r reqs/base.txt\n");
        Files.createDirectories(app.resolve("reqs"));
        Files.writeString(app.resolve("reqs/base.txt"), "greet==1.0\n-r ../../../../etc/passwd\n");
        List<String> lines = new ArrayList<>();
        assertThatThrownBy(() -> factory("n").build(BuildRequest.of(app), lines::add))
                .hasMessageContaining("reqs/base.txt line 2: '../../../../etc/passwd' is outside the app");
        assertThat(lines).noneMatch(l -> l.contains("root:"));
    }
}
