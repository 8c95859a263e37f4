package dev.paas.imagefactory.core;

import dev.paas.imagefactory.api.StagingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GoModuleTest {

    @Test
    void readsModuleAndGoVersion() {
        GoModule m = GoModule.parse("// comment\nmodule example.com/hello // trailing\n\ngo 1.19\n\nrequire (\n\tx v1\n)\n");
        assertThat(m.path()).isEqualTo("example.com/hello");
        assertThat(m.goVersion()).contains("1.19");
        assertThat(GoModule.parse("module \"quoted/name\"\n").path()).isEqualTo("quoted/name");
        assertThat(GoModule.parse("module a\n").goVersion()).isEmpty();
    }

    @Test
    void noModuleLineIsRefused() {
        assertThatThrownBy(() -> GoModule.parse("go 1.19\n"))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.reason()).isEqualTo(StagingException.Reason.BUILD_FAILED))
                .hasMessageContaining("no module line");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"example.com/hello,hello", "github.com/acme/api/v2,api", "hello,hello", "v2,v2",
            "example.com/we ird,we_ird", "example.com/.hidden,app"})
    void binaryIsNamedAfterTheModule(String path, String name) {
        assertThat(new GoModule(path, Optional.empty()).binaryName()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"replace x => ./lib", "replace x v1.0.0 => ./lib/y", "replace x => .",
            "replace (\n x => ./a\n y => example.com/y v1.2.3\n)", "replace x => example.com/fork v1.0.0"})
    void replacementsInsideTheAppAreAccepted(String directive) {
        assertThat(GoModule.parse("module m\n" + directive + "\n").path()).isEqualTo("m");
    }

    @ParameterizedTest
    @ValueSource(strings = {"replace x => ../other", "replace x => /etc/secrets", "replace x => ..",
            "replace (\n y => ./ok\n x => ./a/../../b\n)"})
    void replacementsLeavingTheAppAreRefused(String directive) {
        assertThatThrownBy(() -> GoModule.parse("module m\n" + directive + "\n"))
                .isInstanceOf(StagingException.class).hasMessageContaining("leaves the app")
                .hasMessageContaining("go.mod line");
    }

    @Test
    void packageSpecDefaultsToTheTop() {
        assertThat(GoModule.packageSpec(Map.of())).isEqualTo(".");
        assertThat(GoModule.packageSpec(Map.of(GoModule.PACKAGE_ENV, "./cmd/server"))).isEqualTo("./cmd/server");
        assertThat(GoModule.packageSpec(Map.of(GoModule.PACKAGE_ENV, "cmd/server/"))).isEqualTo("./cmd/server");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "/abs", "-toolexec=evil", "a b", "./"})
    void badPackageSpecsNameTheVariable(String v) {
        assertThatThrownBy(() -> GoModule.packageSpec(Map.of(GoModule.PACKAGE_ENV, v)))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.reason()).isEqualTo(StagingException.Reason.INVALID_REQUEST))
                .hasMessageContaining(GoModule.PACKAGE_ENV);
    }

    @Test
    void toolEnvTakesOnlyTheProxySettingsAndDefaultsToOff() {
        assertThat(GoModule.toolEnv(Map.of("GOFLAGS", "-toolexec=/bin/evil", "SECRET", "x")))
                .isEqualTo(Map.of("GOPROXY", "off"));
        assertThat(GoModule.toolEnv(Map.of("GOPROXY", "http://127.0.0.1:9/mod", "GONOSUMDB", "*")))
                .isEqualTo(Map.of("GOPROXY", "http://127.0.0.1:9/mod", "GONOSUMDB", "*"));
    }

    @Test
    void buildArgsAreReproducibleAndVendorAware() {
        assertThat(GoModule.buildArgs(false, "/o/app", ".")).containsExactly("build", "-trimpath",
                "-buildvcs=false", "-ldflags=-s -w -buildid=", "-o", "/o/app", ".");
        assertThat(GoModule.buildArgs(true, "/o/app", "./cmd/x")).contains("-mod=vendor").endsWith("./cmd/x");
    }
}
