package dev.paas.api.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.model.CreateAppRequest;
import dev.paas.model.HealthCheck;
import dev.paas.model.HealthCheckType;
import dev.paas.model.UpdateAppRequest;
import dev.paas.pushrules.ByteSize;
import dev.paas.pushrules.Names;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValidationTest {

    @ParameterizedTest(name = "{0} -> {1} MB")
    @CsvSource({"256M, 256", "256m, 256", "256MB, 256", "1G, 1024", "1gb, 1024", "64M, 64", "8G, 8192", "' 512M ', 512"})
    void memorySizesParse(String text, int mb) {
        assertThat(AppSpec.memory(text).megabytes()).isEqualTo(mb);
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"12 parsecs", "256", "63M", "9G", "8193M", "1.5G", "-1G", "G", "", "99999999G"})
    void badMemorySizesAreRefusedNamingTheField(String text) {
        assertThatThrownBy(() -> AppSpec.memory(text)).isInstanceOf(ApiException.class).hasMessageStartingWith("memory: ");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"java_buildpack, java", "https://github.com/cloudfoundry/java-buildpack.git#v4.x, java",
            "staticfile_buildpack, static", "binary_buildpack, native", "native, native", "default, "})
    void buildpacksAreCloudFoundrysOrOurs(String name, String runtime) {
        assertThat(AppSpec.buildpack(name)).isEqualTo(runtime);
    }

    @Test
    void aBuildpackWithoutARuntimeHereIsRefusedWithWhatExists() {
        assertThatThrownBy(() -> AppSpec.buildpack("ruby_buildpack")).isInstanceOf(ApiException.class)
                .hasMessage("buildpack: 'ruby_buildpack' has no buildpack on paas yet; paas has java_buildpack, "
                        + "staticfile_buildpack, binary_buildpack, nodejs_buildpack, python_buildpack, go_buildpack (or paas's "
                        + "java, static, native, node, python, go); or leave it out to detect");
    }

    @Test
    void memoryPrintsCanonically() {
        assertThat(new ByteSize(1024)).hasToString("1G");
        assertThat(new ByteSize(1536)).hasToString("1536M");
    }

    @ParameterizedTest(name = "''{0}'' is a DNS label")
    @ValueSource(strings = {"a", "my-app", "app2", "0", "a23456789012345678901234567890123456789012345678901234567890123"})
    void dnsLabelsAccepted(String name) {
        assertThat(ApiException.checked("name", name, Names::dnsLabelProblem)).isEqualTo(name);
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @ValueSource(strings = {"My-App", "my app", "-a", "a-", "a_b", "a.b", "a234567890123456789012345678901234567890123456789012345678901234"})
    void dnsLabelsRefused(String name) {
        assertThatThrownBy(() -> ApiException.checked("name", name, Names::dnsLabelProblem)).hasMessageStartingWith("name: ");
    }

    @Test
    void envRules() {
        assertThat(EnvVars.validate(Map.of("B", "2", "A", "1")).keySet()).containsExactly("A", "B");
        assertThatThrownBy(() -> EnvVars.validate(Map.of("VCAP_SERVICES", "x"))).hasMessageContaining("set by the platform");
        assertThatThrownBy(() -> EnvVars.validate(Map.of("X", "v".repeat(4097)))).hasMessageContaining("4 KiB");
        Map<String, String> big = new java.util.HashMap<>();
        for (int i = 0; i < 17; i++) {
            big.put("V" + i, "v".repeat(4000));
        }
        assertThatThrownBy(() -> EnvVars.validate(big)).hasMessageStartingWith("env: ").hasMessageContaining("48 KiB");
        assertThatThrownBy(() -> EnvVars.validate(Map.of("A-B", "x"))).hasMessageStartingWith("env.A-B: ");
        assertThatThrownBy(() -> EnvVars.validate(Map.of("A", "x\ry"))).hasMessageStartingWith("env.A: ")
                .hasMessageContaining("control character");
        assertThat(EnvVars.validate(Map.of("A", "two\nlines\tand a tab"))).containsEntry("A", "two\nlines\tand a tab");
    }

    @Test
    void appSpecDefaultsAndUpdates() {
        AppSpec spec = AppSpec.create(new CreateAppRequest("web", null, null, "  ./server  ", null, null));
        assertThat(spec.instances()).isEqualTo(1);
        assertThat(spec.memory().megabytes()).isEqualTo(256);
        assertThat(spec.command()).isEqualTo("./server");
        assertThat(spec.healthCheck()).isEqualTo(HealthCheckSpec.DEFAULT);
        AppSpec http = spec.update(new UpdateAppRequest(0L, 3, null, "", null, new HealthCheck(HealthCheckType.HTTP, null, null)));
        assertThat(http.instances()).isEqualTo(3);
        assertThat(http.command()).isNull();
        assertThat(http.healthCheck().endpoint()).isEqualTo("/");
        AppSpec back = http.update(new UpdateAppRequest(1L, null, null, null, null, new HealthCheck(HealthCheckType.PROCESS, null, null)));
        assertThat(back.healthCheck().endpoint()).isNull();
        assertThatThrownBy(() -> spec.update(new UpdateAppRequest(0L, null, null, "a\nb", null, null))).hasMessageStartingWith("command: ");
    }

    @Test
    void routesNormalise() {
        assertThat(RouteSpec.of("Web.LOCALHOST", "/")).isEqualTo(new RouteSpec("web.localhost", ""));
        assertThat(RouteSpec.of("a.b.example.com", "/api/v1")).isEqualTo(new RouteSpec("a.b.example.com", "/api/v1"));
    }

    @Test
    void pagesAreBounded() {
        assertThat(PageRequest.parse(null, null)).isEqualTo(new PageRequest(1, 50));
        assertThat(PageRequest.parse("3", "10").offset()).isEqualTo(20);
        assertThatThrownBy(() -> PageRequest.parse("0", null)).hasMessageStartingWith("page: ");
        assertThatThrownBy(() -> PageRequest.parse(null, "201")).hasMessageStartingWith("perPage: ");
        assertThatThrownBy(() -> PageRequest.parse("x", null)).hasMessageStartingWith("page: ");
        assertThat(PageRequest.parse(String.valueOf(PageRequest.MAX_PAGE), "200").offset()).isPositive();
        assertThatThrownBy(() -> PageRequest.parse(String.valueOf(PageRequest.MAX_PAGE + 1), null)).hasMessageStartingWith("page: ");
    }

    @Test
    void passwordsHashAndVerify() {
        String hash = Secrets.hashPassword("correct-horse", 1000);
        assertThat(hash).startsWith("pbkdf2-sha256$1000$").doesNotContain("correct-horse");
        assertThat(Secrets.verifyPassword("correct-horse", hash)).isTrue();
        assertThat(Secrets.verifyPassword("wrong-horse", hash)).isFalse();
        assertThat(Secrets.verifyPassword("x", "garbage")).isFalse();
        assertThat(Secrets.hashPassword("correct-horse", 1000)).isNotEqualTo(hash);
        assertThat(Secrets.newToken("paas_at_")).startsWith("paas_at_").hasSize(8 + 43);
        assertThat(Secrets.sha256Hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void labels() {
        assertThat(Labels.validate(Map.of("zone", "eu-1"))).containsEntry("zone", "eu-1");
        assertThatThrownBy(() -> Labels.validate(Map.of("Zone", "x"))).hasMessageStartingWith("labels.Zone: ");
        assertThatThrownBy(() -> Labels.validate(Map.of("zone", "a b"))).hasMessageStartingWith("labels.zone: ");
    }
}
