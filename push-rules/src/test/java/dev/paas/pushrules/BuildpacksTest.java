package dev.paas.pushrules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BuildpacksTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "java_buildpack|java",
            "java_buildpack_offline|java",
            "sap_java_buildpack|java",
            "Java_Buildpack|java",
            "java|java",
            "https://github.com/cloudfoundry/java-buildpack.git|java",
            "https://github.com/cloudfoundry/java-buildpack.git#v4.x|java",
            "https://github.com/cloudfoundry/java-buildpack#v4.77.0|java",
            "https://github.com/cloudfoundry/java-buildpack/releases/download/v4.77.0/java-buildpack-v4.77.0.zip|java",
            "https://example.com/buildpacks/java-buildpack-offline-v4.16.zip|java",
            "https://github.com/mycorp/java-buildpack.git|java",
            "staticfile_buildpack|static",
            "staticfile|static",
            "static|static",
            "https://github.com/cloudfoundry/staticfile-buildpack.git|static",
            "binary_buildpack|native",
            "binary|native",
            "native|native",
            "https://github.com/cloudfoundry/binary-buildpack/releases/download/v1.1.0/binary-buildpack-cflinuxfs4-v1.1.0.zip|native",
            "nodejs_buildpack|node",
            "nodejs|node",
            "node|node",
            "https://github.com/cloudfoundry/nodejs-buildpack.git#v1.8.0|node",
            "python_buildpack|python",
            "python|python",
            "https://github.com/cloudfoundry/python-buildpack/releases/download/v1.8.0/python-buildpack-cflinuxfs4-v1.8.0.zip|python",
            "go_buildpack|go",
            "go|go",
            "https://github.com/cloudfoundry/go-buildpack.git|go"})
    void cloudFoundrysNamesMapToOurs(String name, String runtime) {
        Buildpacks.Result r = Buildpacks.resolve(name);
        assertThat(r.error()).isNull();
        assertThat(r.runtime()).contains(runtime);
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"", "null", "default", "  "})
    void nothingOrDefaultMeansDetect(String name) {
        assertThat(Buildpacks.resolve(name)).isEqualTo(new Buildpacks.Result(java.util.Optional.empty(), null));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "ruby_buildpack|'ruby_buildpack' has no buildpack on paas yet; paas has java_buildpack, staticfile_buildpack, binary_buildpack, nodejs_buildpack, python_buildpack, go_buildpack (or paas's java, static, native, node, python, go); or leave it out to detect",
            "php_buildpack|'php_buildpack' has no buildpack on paas yet; paas has java_buildpack, staticfile_buildpack, binary_buildpack, nodejs_buildpack, python_buildpack, go_buildpack (or paas's java, static, native, node, python, go); or leave it out to detect",
            "hwc_buildpack|'hwc_buildpack' has no buildpack on paas yet; paas has java_buildpack, staticfile_buildpack, binary_buildpack, nodejs_buildpack, python_buildpack, go_buildpack (or paas's java, static, native, node, python, go); or leave it out to detect",
            "dotnet_core_buildpack|'dotnet_core_buildpack' has no buildpack on paas yet; paas has java_buildpack, staticfile_buildpack, binary_buildpack, nodejs_buildpack, python_buildpack, go_buildpack (or paas's java, static, native, node, python, go); or leave it out to detect",
            "https://github.com/cloudfoundry/ruby-buildpack.git#v1.8.0|'https://github.com/cloudfoundry/ruby-buildpack.git#v1.8.0' has no buildpack on paas yet; paas has java_buildpack, staticfile_buildpack, binary_buildpack, nodejs_buildpack, python_buildpack, go_buildpack (or paas's java, static, native, node, python, go); or leave it out to detect",
            "ruby|'ruby' has no buildpack on paas yet; paas has java_buildpack, staticfile_buildpack, binary_buildpack, nodejs_buildpack, python_buildpack, go_buildpack (or paas's java, static, native, node, python, go); or leave it out to detect",
            "cobol|'cobol' is not a buildpack paas knows; use one of java_buildpack, staticfile_buildpack, binary_buildpack, nodejs_buildpack, python_buildpack, go_buildpack (or paas's java, static, native, node, python, go), or leave it out to detect",
            "https://example.com/mystery.zip|'https://example.com/mystery.zip' is not a buildpack paas knows; use one of java_buildpack, staticfile_buildpack, binary_buildpack, nodejs_buildpack, python_buildpack, go_buildpack (or paas's java, static, native, node, python, go), or leave it out to detect"})
    void othersAreRefusedWithWhatExists(String name, String error) {
        Buildpacks.Result r = Buildpacks.resolve(name);
        assertThat(r.runtime()).isEmpty();
        assertThat(r.error()).isEqualTo(error);
    }

    @org.junit.jupiter.api.Test
    void aListNamesOneBuildpack() {
        assertThat(Buildpacks.resolveAll(List.of("java_buildpack", "java")).runtime()).contains("java");
        assertThat(Buildpacks.resolveAll(List.of())).isEqualTo(new Buildpacks.Result(java.util.Optional.empty(), null));
        assertThat(Buildpacks.resolveAll(List.of("java_buildpack", "binary_buildpack")).error())
                .isEqualTo("paas stages with one buildpack; list one of java_buildpack, staticfile_buildpack, binary_buildpack, nodejs_buildpack, python_buildpack, go_buildpack (or paas's java, static, native, node, python, go)");
        assertThat(Buildpacks.resolveAll(List.of("java_buildpack", "ruby_buildpack")).error())
                .startsWith("'ruby_buildpack' has no buildpack on paas yet");
    }
}
