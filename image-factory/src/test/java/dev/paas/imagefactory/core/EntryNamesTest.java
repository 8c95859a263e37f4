package dev.paas.imagefactory.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class EntryNamesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "app.jar | app.jar",
            "./a/b.txt | a/b.txt",
            "a//b/ | a/b",
            "dir/ | dir",
            "a\\b.txt | a/b.txt",
    })
    void acceptsAndNormalises(String name, String expected) {
        assertThat(EntryNames.normalise(name).path()).contains(expected);
    }

    @ParameterizedTest(name = "{0} refused: {1}")
    @CsvSource(delimiter = '|', value = {
            "../evil | path leaves the app directory (zip-slip)",
            "a/../../evil | path leaves the app directory (zip-slip)",
            "a/../b | path leaves the app directory (zip-slip)",
            "..\\evil | path leaves the app directory (zip-slip)",
            "/etc/passwd | absolute path (zip-slip)",
            "\\windows\\evil | absolute path (zip-slip)",
            "C:\\evil | absolute path (zip-slip)",
    })
    void refuses(String name, String rule) {
        assertThat(EntryNames.normalise(name).rule()).contains(rule);
    }

    @Test
    void refusesControlCharactersAndEmpty() {
        assertThat(EntryNames.normalise("a\nb").rule()).contains(EntryNames.RULE_CHARACTERS);
        assertThat(EntryNames.normalise("").rule()).contains(EntryNames.RULE_EMPTY);
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "lib/current | v1 | lib/v1",
            "lib/current | ../bin/app | bin/app",
            "a/b/c | ../../x | x",
            "link | . | ''",
    })
    void linksInside(String link, String target, String expected) {
        assertThat(EntryNames.resolveLink(link, target)).isEqualTo(Optional.of(expected == null ? "" : expected));
    }

    @ParameterizedTest(name = "{0} -> {1} escapes")
    @CsvSource(delimiter = '|', value = {
            "link | ../outside",
            "a/link | ../../etc/passwd",
            "link | /etc/passwd",
            "a/b/link | ../../../x",
    })
    void linksOutside(String link, String target) {
        assertThat(EntryNames.resolveLink(link, target)).isEmpty();
    }
}
