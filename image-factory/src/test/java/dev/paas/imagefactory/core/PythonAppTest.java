package dev.paas.imagefactory.core;

import dev.paas.imagefactory.api.StagingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PythonAppTest {

    @ParameterizedTest
    @ValueSource(strings = {"os.py", "http/server.py", "encodings/utf_8.py", "lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so",
            "json/__init__.py", "unittest/case.py"})
    void keeps(String rel) {
        assertThat(PythonApp.keepStdlib(rel)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"test/test_os.py", "tkinter/__init__.py", "ensurepip/__init__.py", "idlelib/idle.py",
            "__pycache__/os.cpython-311.pyc", "json/__pycache__/x.pyc", "unittest/test/test_case.py",
            "ctypes/test/t.py", "distutils/tests/x.py", "config-3.11-x86_64-linux-gnu/libpython3.11.a",
            "lib-dynload/_testcapi.cpython-311-x86_64-linux-gnu.so", "lib-dynload/xxlimited.cpython-311-x86_64-linux-gnu.so",
            "site-packages/README.txt", "EXTERNALLY-MANAGED"})
    void prunes(String rel) {
        assertThat(PythonApp.keepStdlib(rel)).isFalse();
    }

    @Test
    void runtimeTxt() {
        PythonApp.checkRuntimeTxt("python-3.11.x\n", "3.11.2");
        PythonApp.checkRuntimeTxt("python-3.11", "3.11.2");
        PythonApp.checkRuntimeTxt("python-3.11.2", "3.11.2");
        PythonApp.checkRuntimeTxt("python-3", "3.11.2");
        assertThatThrownBy(() -> PythonApp.checkRuntimeTxt("python-3.12.x", "3.11.2"))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.reason()).isEqualTo(StagingException.Reason.BUILD_FAILED))
                .hasMessage("runtime.txt asks for python-3.12.x: this platform's python is 3.11.2 (Debian's python3);"
                        + " ask for python-3.11.x or remove runtime.txt");
        assertThatThrownBy(() -> PythonApp.checkRuntimeTxt("python-3.11.1", "3.11.2")).hasMessageContaining("asks for");
        assertThatThrownBy(() -> PythonApp.checkRuntimeTxt("3.11", "3.11.2"))
                .hasMessageContaining("runtime.txt '3.11' is not a python version: write e.g. python-3.11.x");
    }

    @Test
    void pipfileLockDefaults() {
        assertThat(PythonApp.pipfileRequirements(Map.of("flask", Optional.of("==3.0.0"), "greet", Optional.empty())))
                .containsExactly("flask==3.0.0", "greet");
        assertThatThrownBy(() -> PythonApp.pipfileRequirements(Map.of("-r /etc/passwd", Optional.empty())))
                .hasMessageContaining("is not a package name");
        assertThatThrownBy(() -> PythonApp.pipfileRequirements(Map.of("x", Optional.of("==1 --index-url http://e"))))
                .hasMessageContaining("expected e.g. ==1.2.3");
    }

    @Test
    void indexArgs() {
        assertThat(PythonApp.indexArgs(true, "/a/vendor", Map.of("PIP_INDEX_URL", "http://i")))
                .containsExactly("--no-index", "--find-links", "/a/vendor");
        assertThat(PythonApp.indexArgs(false, "/a/vendor", Map.of("PIP_INDEX_URL", "http://127.0.0.1:9/simple",
                "PIP_TRUSTED_HOST", "127.0.0.1"))).containsExactly("--index-url", "http://127.0.0.1:9/simple",
                "--trusted-host", "127.0.0.1");
        assertThat(PythonApp.indexArgs(false, "/v", Map.of())).isEqualTo(List.of());
    }

    @Test
    void pyprojectDependencies() {
        String toml = String.join("\n",
                "[build-system]",
                "requires = [\"setuptools\"]  # not an app dependency",
                "",
                "[project]",
                "name = \"hello\"",
                "dependencies = [",
                "  \"greet==1.0\",  # the greeting, with ] in a comment",
                "  'flask>=3; python_version >= \"3.8\"',",
                "  \"x[extra]>=1\",",
                "]",
                "",
                "[project.optional-dependencies]",
                "dev = [\"pytest\"]");
        assertThat(PythonApp.pyprojectDependencies(toml))
                .containsExactly("greet==1.0", "flask>=3; python_version >= \"3.8\"", "x[extra]>=1");
        assertThat(PythonApp.pyprojectDependencies("[project]\nname = \"x\"\n")).isEmpty();
        assertThat(PythonApp.pyprojectDependencies("[project]\ndependencies = [\"a\", \"b\"]\n")).containsExactly("a", "b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[project]\ndependencies = [\"a\",\n", "[project]\ndependencies = \"a\"\n",
            "[project]\ndependencies = [\"--index-url=http://elsewhere\"]\n"})
    void badPyprojectDependencies(String toml) {
        assertThatThrownBy(() -> PythonApp.pyprojectDependencies(toml)).isInstanceOf(StagingException.class)
                .hasMessageStartingWith("pyproject.toml: ");
    }

    @Test
    void requirementFilesStayInTheApp() {
        assertThat(PythonApp.requirementIncludes(String.join("\n", "# c", "flask==3.0 # web", "-r base.txt",
                "--requirement=more/dev.txt", "-c constraints.txt", "-f vendor/", "--find-links ./wheels",
                "./local-pkg", "greet @ file:vendor/greet-1.0-py3-none-any.whl", "-e .", "--index-url https://x/simple",
                "-rnested.txt"), "requirements.txt", ""))
                .containsExactly("base.txt", "more/dev.txt", "constraints.txt", "nested.txt");
        assertThat(PythonApp.requirementIncludes("-r common.txt\n", "reqs/prod.txt", "reqs")).containsExactly("reqs/common.txt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-r /etc/shadow", "-r ../../etc/passwd", "--requirement=/etc/x", "-c ../c.txt",
            "-f /root/wheels", "--find-links=/srv", "/etc/passwd", "../outside", "file:///etc/passwd",
            "x @ file:///etc/passwd", "-e ../other", "~/secret"})
    void requirementPathsOutOfTheAppAreRefused(String line) {
        assertThatThrownBy(() -> PythonApp.requirementIncludes("ok==1\n" + line + "\n", "requirements.txt", ""))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.reason()).isEqualTo(StagingException.Reason.BUILD_FAILED))
                .hasMessageContaining("requirements.txt line 2: '").hasMessageContaining("is outside the app");
    }
}
