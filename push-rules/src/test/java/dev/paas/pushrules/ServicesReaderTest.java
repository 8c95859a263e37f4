package dev.paas.pushrules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code services:} of an app, in both of Cloud Foundry's forms. */
class ServicesReaderTest {

    private static Manifest parse(String yaml) {
        return ManifestReader.read("manifest.yml", "/src", yaml, Map.of("db", "orders-db"), v -> "pass --var " + v + "=VALUE");
    }

    @Test
    void aListOfNames() {
        AppManifest a = parse("""
                applications:
                - name: hello
                  services:
                  - ((db))
                  - cache
                """).applications().get(0);
        assertThat(a.services()).extracting(ServiceBinding::name).containsExactly("orders-db", "cache");
        assertThat(a.services().get(0).parameters()).isNull();
        assertThat(a.services().get(0).bindingName()).isNull();
        assertThat(a.services().get(0).location()).isEqualTo("manifest.yml, line 4, column 5");
    }

    @Test
    void aListOfMapsWithParametersAndBindingName() {
        Manifest m = parse("""
                applications:
                - name: hello
                  services:
                  - name: db
                    binding_name: primary
                    parameters:
                      role: read-only
                      pool: 5
                      tls: true
                      zones: [a, b]
                  - name: cache
                    plan: small
                """);
        List<ServiceBinding> s = m.applications().get(0).services();
        assertThat(s.get(0).bindingName()).isEqualTo("primary");
        assertThat(s.get(0).parameters()).isEqualTo(Map.of("role", "read-only", "pool", 5L, "tls", true, "zones", List.of("a", "b")));
        assertThat(s.get(1).name()).isEqualTo("cache");
        assertThat(m.warnings()).containsExactly("manifest.yml, line 12, column 5: unknown attribute 'plan' of a service of "
                + "application 'hello' is ignored");
    }

    @Test
    void badEntriesAreErrorsWithTheirPlace() {
        assertThatThrownBy(() -> parse("""
                applications:
                - name: hello
                  services: db
                """)).isInstanceOf(ManifestException.class).hasMessageContaining("line 3, column 13: services: must be a list");
        assertThatThrownBy(() -> parse("""
                applications:
                - name: hello
                  services:
                  - binding_name: x
                  - db
                  - db
                  - name: c
                    parameters: [1]
                """)).isInstanceOf(ManifestException.class)
                .satisfies(e -> assertThat(((ManifestException) e).problems()).containsExactly(
                        "manifest.yml, line 4, column 5: services: each map needs 'name: SERVICE_INSTANCE'",
                        "manifest.yml, line 6, column 5: services: 'db' is listed twice for application 'hello'",
                        "manifest.yml, line 8, column 17: services: parameters of 'c' must be a map, e.g. parameters: {key: value}"));
    }

    @Test
    void noServicesIsNull() {
        assertThat(parse("applications:\n- name: hello\n").applications().get(0).services()).isNull();
    }
}
