package dev.paas.pushrules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code clones:} (a paas extension): whether an app's instances may start from a snapshot. */
class ClonesAttributeTest {

    private static AppManifest read(String yaml) {
        Manifest m = ManifestReader.read("manifest.yml", "/src", yaml, Map.of(), v -> "pass --var " + v);
        assertThat(m.warnings()).as("clones is a known attribute").isEmpty();
        return m.applications().get(0);
    }

    @ParameterizedTest(name = "clones: {0} is {1}")
    @CsvSource({"false,false", "true,true", "no,false", "off,false", "yes,true", "' False ',false"})
    void isReadAsABoolean(String written, boolean value) {
        assertThat(read("applications:\n- name: a\n  clones: " + written + "\n").clones()).isEqualTo(value);
    }

    @org.junit.jupiter.api.Test
    void notWrittenIsNull() {
        assertThat(read("applications:\n- name: a\n").clones()).isNull();
        assertThat(AppManifest.named("a").clones()).isNull();
    }

    @ParameterizedTest(name = "clones: {0} is refused")
    @ValueSource(strings = {"maybe", "0", "never", "'false please'"})
    void aValueThatIsNotTrueOrFalseIsRefusedWhereItIsWritten(String written) {
        assertThatThrownBy(() -> ManifestReader.read("manifest.yml", "/src",
                "applications:\n- name: a\n  clones: " + written + "\n", Map.of(), v -> v))
                .isInstanceOf(ManifestException.class)
                .satisfies(e -> assertThat(((ManifestException) e).problems()).singleElement().asString()
                        .startsWith("manifest.yml, line 3, column 11: clones: '")
                        .endsWith("' is not true or false"));
    }

    @org.junit.jupiter.api.Test
    void aListIsRefused() {
        assertThatThrownBy(() -> ManifestReader.read("manifest.yml", "/src",
                "applications:\n- name: a\n  clones: [false]\n", Map.of(), v -> v))
                .isInstanceOf(ManifestException.class)
                .satisfies(e -> assertThat(((ManifestException) e).problems()).singleElement().asString()
                        .contains("clones"));
    }
}
