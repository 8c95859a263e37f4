package dev.paas.imagefactory.core;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SemverRangeTest {

    @ParameterizedTest(name = "''{0}'' {1} -> {2}")
    @CsvSource(delimiter = ';', value = {
            ">=18; 20.20.2; true", ">=18; 17.9.9; false", ">= 18; 18.0.0; true",
            "^20.1; 20.20.2; true", "^20.1; 20.0.9; false", "^20.1; 21.0.0; false",
            "^0.2.3; 0.2.9; true", "^0.2.3; 0.3.0; false", "^0.0.3; 0.0.4; false",
            "~20; 20.20.2; true", "~20; 21.0.0; false", "~20.1.2; 20.1.9; true", "~20.1.2; 20.2.0; false",
            "20.x; 20.20.2; true", "20.x; 21.1.0; false", "20.X.x; 20.0.0; true", "20; 20.5.1; true",
            "20.20; 20.20.2; true", "20.20; 20.21.0; false", "20.20.2; 20.20.2; true", "=20.20.1; 20.20.2; false",
            "v20.20.2; 20.20.2; true",
            ">=16 <21; 20.20.2; true", ">=16 <21; 21.0.0; false", ">=16 <21; 15.9.0; false",
            ">16; 16.9.0; false", ">16; 17.0.0; true", ">16.1.1; 16.1.2; true",
            "<=20; 20.99.0; true", "<=20; 21.0.0; false", "<=20.1.1; 20.1.2; false",
            "14 || 16 || >=20; 20.20.2; true", "14 || 16; 20.20.2; false", "^18 || ^20; 20.1.0; true",
            "16 - 20; 20.9.0; true", "16 - 20; 21.0.0; false", "16.2 - 20.1.0; 20.1.1; false",
            "*; 20.20.2; true", "x; 1.0.0; true", ">=18.0.0-rc.1; 18.0.0; true"})
    void ranges(String range, String version, boolean expected) {
        assertThat(SemverRange.parse(range).satisfiedBy(SemverRange.Version.parse(version))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"latest", ">=eighteen", "18..2", "=>18", "^", "1.2.3.4"})
    void notRanges(String range) {
        assertThatThrownBy(() -> SemverRange.parse(range)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a version range").hasMessageContaining(">=18, ^20.1");
    }
}
