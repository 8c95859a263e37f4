package dev.paas.imagefactory.core;

import dev.paas.imagefactory.api.AppRuntime;
import dev.paas.imagefactory.api.StagingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DetectorTest {

    static final ElfInfo STATIC_EXE = new ElfInfo(ElfInfo.Type.STATIC_EXECUTABLE, Optional.empty(), List.of(),
            List.of(), List.of(), Optional.empty());
    static final ElfInfo DYNAMIC_EXE = new ElfInfo(ElfInfo.Type.DYNAMIC_EXECUTABLE,
            Optional.of("/lib64/ld-linux-x86-64.so.2"), List.of("libc.so.6"), List.of(), List.of(), Optional.empty());
    static final ElfInfo LIBRARY = new ElfInfo(ElfInfo.Type.SHARED_LIBRARY, Optional.empty(), List.of("libc.so.6"),
            List.of(), List.of(), Optional.of("libfoo.so"));
    static final JarFacts MAIN = new JarFacts(Optional.of("Hello"), Optional.empty(), false);
    static final JarFacts BOOT = new JarFacts(Optional.of("org.springframework.boot.loader.launch.JarLauncher"),
            Optional.of("com.example.App"), true);
    static final JarFacts LIB_JAR = new JarFacts(Optional.empty(), Optional.empty(), false);

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("executable jar", List.of(AppFile.file("app.jar", 10).withJar(MAIN)), AppRuntime.JAVA, "app.jar"),
                Arguments.of("spring boot fat jar", List.of(AppFile.file("boot.jar", 10).withJar(BOOT)), AppRuntime.JAVA, "boot.jar"),
                Arguments.of("jar beside libraries", List.of(AppFile.file("app.jar", 1).withJar(MAIN),
                        AppFile.file("lib/x.jar", 1).withJar(LIB_JAR)), AppRuntime.JAVA, "app.jar"),
                Arguments.of("exploded jar", List.of(AppFile.file("META-INF/MANIFEST.MF", 1).withJar(MAIN),
                        AppFile.file("Hello.class", 1)), AppRuntime.JAVA, ""),
                Arguments.of("java wins over index.html", List.of(AppFile.file("app.jar", 1).withJar(MAIN),
                        AppFile.file("index.html", 1)), AppRuntime.JAVA, "app.jar"),
                Arguments.of("static ELF", List.of(AppFile.file("server", 1).withElf(STATIC_EXE)), AppRuntime.NATIVE, "server"),
                Arguments.of("dynamic ELF beside its library", List.of(AppFile.file("server", 1).withElf(DYNAMIC_EXE),
                        AppFile.file("libfoo.so", 1).withElf(LIBRARY)), AppRuntime.NATIVE, "server"),
                Arguments.of("index.html", List.of(AppFile.file("index.html", 1)), AppRuntime.STATIC, ""),
                Arguments.of("Staticfile", List.of(AppFile.file("Staticfile", 1), AppFile.file("public/index.html", 1)),
                        AppRuntime.STATIC, ""),
                Arguments.of("package.json", List.of(AppFile.file("package.json", 1), AppFile.file("server.js", 1)),
                        AppRuntime.NODE, ""),
                Arguments.of("package.json wins over index.html", List.of(AppFile.file("index.html", 1),
                        AppFile.file("package.json", 1)), AppRuntime.NODE, ""),
                Arguments.of("requirements.txt", List.of(AppFile.file("app.py", 1), AppFile.file("requirements.txt", 1)),
                        AppRuntime.PYTHON, ""),
                Arguments.of("Pipfile.lock", List.of(AppFile.file("Pipfile.lock", 1)), AppRuntime.PYTHON, ""),
                Arguments.of("pyproject.toml", List.of(AppFile.file("pyproject.toml", 1)), AppRuntime.PYTHON, ""),
                Arguments.of("go.mod", List.of(AppFile.file("go.mod", 1), AppFile.file("main.go", 1)), AppRuntime.GO, ""),
                Arguments.of("web application (a war unpacked)", List.of(dir("WEB-INF"), AppFile.file("WEB-INF/web.xml", 1),
                        AppFile.file("index.html", 1)), AppRuntime.JAVA, Detector.WAR),
                Arguments.of("Main-Class wins over WEB-INF/ (an executable war)", List.of(dir("WEB-INF"),
                        AppFile.file("META-INF/MANIFEST.MF", 1).withJar(MAIN)), AppRuntime.JAVA, ""),
                Arguments.of("a file named WEB-INF is not a web application", List.of(AppFile.file("WEB-INF", 1),
                        AppFile.file("index.html", 1)), AppRuntime.STATIC, ""),
                Arguments.of("WEB-INF/ below the top is not one either", List.of(dir("site"), dir("site/WEB-INF"),
                        AppFile.file("index.html", 1)), AppRuntime.STATIC, ""),
                Arguments.of("go.mod wins over a built binary and index.html", List.of(AppFile.file("go.mod", 1),
                        AppFile.file("server", 1).withElf(STATIC_EXE), AppFile.file("index.html", 1)), AppRuntime.GO, ""));
    }

    static AppFile dir(String path) {
        return new AppFile(path, AppFile.Kind.DIRECTORY, 0, false, Optional.empty(), Optional.empty());
    }

    @Test
    void javaBuildpackRequestedFindsAWar() {
        Detection d = Detector.detect(List.of(dir("WEB-INF")), Optional.of(AppRuntime.JAVA), Optional.empty());
        assertThat(d).isEqualTo(new Detection(AppRuntime.JAVA, "WEB-INF", "web application (WEB-INF/)"));
        assertThat(AppRuntime.fromName("java_buildpack")).contains(AppRuntime.JAVA);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void detects(String name, List<AppFile> files, AppRuntime runtime, String target) {
        Detection d = Detector.detect(files, Optional.empty(), Optional.empty());
        assertThat(d.runtime()).isEqualTo(runtime);
        assertThat(d.target()).isEqualTo(target);
    }

    @Test
    void noMatchListsWhatEachBuildpackLooksFor() {
        assertThatThrownBy(() -> Detector.detect(List.of(AppFile.file("app.py", 1),
                AppFile.file("lib.jar", 1).withJar(LIB_JAR), AppFile.file("libfoo.so", 1).withElf(LIBRARY),
                AppFile.file("docs/index.html", 1)), Optional.empty(), Optional.empty()))
                .isInstanceOfSatisfying(StagingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(StagingException.Reason.NO_BUILDPACK);
                    assertThat(e.getMessage()).contains("no buildpack matches")
                            .contains("java: an executable JAR").contains("native: one x86-64 ELF executable")
                            .contains("static: index.html or a Staticfile").contains("go: go.mod at the top");
                });
    }

    @Test
    void goModInASubdirectoryIsNotAGoApp() {
        assertThatThrownBy(() -> Detector.detect(List.of(AppFile.file("src/go.mod", 1)), Optional.of(AppRuntime.GO),
                Optional.empty())).hasMessageContaining("the go buildpack does not apply: it looks for go.mod at the top");
    }

    @Test
    void explicitBuildpackRunsOnlyItsRule() {
        List<AppFile> files = List.of(AppFile.file("app.jar", 1).withJar(MAIN), AppFile.file("index.html", 1));
        assertThat(Detector.detect(files, Optional.of(AppRuntime.STATIC), Optional.empty()).runtime())
                .isEqualTo(AppRuntime.STATIC);
        assertThatThrownBy(() -> Detector.detect(files, Optional.of(AppRuntime.NATIVE), Optional.empty()))
                .hasMessageContaining("the native buildpack does not apply: it looks for one x86-64 ELF executable");
    }

    @Test
    void binaryBuildpackWithACommandRunsItWhereverTheExecutableIs() {
        // Cloud Foundry's binary buildpack: `command: cd bin && ./worker` with the executable in bin/.
        List<AppFile> files = List.of(AppFile.file("bin/worker", 1).withElf(STATIC_EXE), AppFile.file("README", 1));
        Detection d = Detector.detect(files, Optional.of(AppRuntime.NATIVE), Optional.of("cd bin && ./worker; echo done"));
        assertThat(d.runtime()).isEqualTo(AppRuntime.NATIVE);
        assertThat(d.target()).isEqualTo("bin/worker");
        assertThat(d.description()).contains("the start command runs as given (1 ELF executable in the package)");
        // A script and no executable at all: the command still runs as given.
        assertThat(Detector.detect(List.of(AppFile.file("run.sh", 1)), Optional.of(AppRuntime.NATIVE),
                Optional.of("sh run.sh")).target()).isEmpty();
        // Without a command there is nothing to run; and detection never picks it by itself.
        assertThatThrownBy(() -> Detector.detect(files, Optional.of(AppRuntime.NATIVE), Optional.empty()))
                .hasMessageContaining("or, chosen explicitly as binary_buildpack with a start command, any package");
        assertThatThrownBy(() -> Detector.detect(files, Optional.empty(), Optional.of("cd bin && ./worker")))
                .hasMessageContaining("no buildpack matches this package");
    }

    @Test
    void severalExecutablesNeedACommand() {
        List<AppFile> files = List.of(AppFile.file("a", 1).withElf(STATIC_EXE), AppFile.file("b", 1).withElf(STATIC_EXE));
        assertThatThrownBy(() -> Detector.detect(files, Optional.empty(), Optional.empty()))
                .hasMessageContaining("several ELF executables (a, b)");
        assertThat(Detector.detect(files, Optional.empty(), Optional.of("./b --flag")).target()).isEqualTo("b");
    }

    @Test
    void severalJarsAreRefused() {
        List<AppFile> files = List.of(AppFile.file("a.jar", 1).withJar(MAIN), AppFile.file("b.jar", 1).withJar(MAIN));
        assertThatThrownBy(() -> Detector.detect(files, Optional.empty(), Optional.empty()))
                .hasMessageContaining("several executable JARs (a.jar, b.jar)");
    }

    @Test
    void staticfileRoot() {
        assertThat(Detector.staticRoot("root: public\n")).contains("public");
        assertThat(Detector.staticRoot("pushstate: enabled\n")).isEmpty();
        assertThatThrownBy(() -> Detector.staticRoot("root: ../etc")).hasMessageContaining("zip-slip");
    }
}
