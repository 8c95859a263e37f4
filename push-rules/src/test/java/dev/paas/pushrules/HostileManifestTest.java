package dev.paas.pushrules;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Manifests built to hurt the reader are refused quickly with one message. The CLI's
 * {@code RefusalsTest} and the API's {@code UiPushManifestTest} send the same two inputs and
 * assert the same messages: both read with this module.
 */
class HostileManifestTest {

    /** A mapping that merges itself. */
    static final String SELF_MERGE = "applications:\n- &a {name: hello, <<: *a}\n";
    static final String SELF_MERGE_MESSAGE = "manifest.yml, line 2, column 3: applications[0] (merge key <<): merge "
            + "keys (<<) nest more than 8 deep or merge a mapping into itself";
    static final String BILLION_LAUGHS_MESSAGE = "manifest.yml: more than 50 aliases (*name) of lists or mappings; a "
            + "manifest needs a few";

    /** Ten levels of nine aliases each: 9^10 strings once expanded. */
    static String billionLaughs() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            for (int k = 0; k < 9; k++) {
                yaml.append(k == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            yaml.append("]\n");
        }
        return yaml.append("applications:\n- name: hello\n").toString();
    }

    private static void read(String yaml) {
        ManifestReader.read("manifest.yml", null, yaml, Map.of(), v -> "");
    }

    @Test
    void aSelfReferencingAliasIsRefused() {
        assertThatThrownBy(() -> read(SELF_MERGE)).isInstanceOf(ManifestException.class).hasMessage(SELF_MERGE_MESSAGE);
    }

    @Test
    void aBillionLaughsIsRefused() {
        assertThatThrownBy(() -> read(billionLaughs())).isInstanceOf(ManifestException.class)
                .hasMessage(BILLION_LAUGHS_MESSAGE);
    }
}
