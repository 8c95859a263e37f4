package dev.paas.pushrules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdleTimeoutTest {

    @ParameterizedTest(name = "{0} is {1} s")
    @CsvSource({"20s,20", "5m,300", "1h,3600", "0,0", "90,90", "' 24H ',86400", "86400s,86400", "1440m,86400"})
    void readsDurations(String text, int seconds) {
        IdleTimeout.Result r = IdleTimeout.parse(text);
        assertThat(r.error()).isNull();
        assertThat(r.seconds()).contains(seconds);
    }

    @ParameterizedTest(name = "{0} is refused")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "20 minutes|'20 minutes' is not a duration; write 20s, 5m or 1h (0 = never)",
            "-5s|'-5s' is not a duration; write 20s, 5m or 1h (0 = never)",
            "1.5h|'1.5h' is not a duration; write 20s, 5m or 1h (0 = never)",
            "2d|'2d' is not a duration; write 20s, 5m or 1h (0 = never)",
            "|'' is not a duration; write 20s, 5m or 1h (0 = never)",
            "25h|'25h' is 90000 seconds, out of range; choose 0 (never) to 86400 seconds (24h)",
            "999999999h|'999999999h' is 3599999996400 seconds, out of range; choose 0 (never) to 86400 seconds (24h)"})
    void refusesWhatIsNotADurationSayingWhatToWrite(String text, String error) {
        IdleTimeout.Result r = IdleTimeout.parse(text == null ? "" : text);
        assertThat(r.seconds()).isEmpty();
        assertThat(r.error()).isEqualTo(error);
    }

    @Test
    void secondsAreZeroToADay() {
        assertThat(IdleTimeout.secondsProblem(0)).isEmpty();
        assertThat(IdleTimeout.secondsProblem(86_400)).isEmpty();
        assertThat(IdleTimeout.secondsProblem(-1)).contains("-1 is out of range; choose 0 (never) to 86400 seconds (24h)");
        assertThat(IdleTimeout.secondsProblem(86_401)).contains("86401 is out of range; choose 0 (never) to 86400 seconds (24h)");
        assertThat(IdleTimeout.parse(null).error()).startsWith("is required");
    }

    @Test
    void formatsAsPeopleWriteIt() {
        assertThat(IdleTimeout.format(0)).isEqualTo("0");
        assertThat(IdleTimeout.format(20)).isEqualTo("20s");
        assertThat(IdleTimeout.format(300)).isEqualTo("5m");
        assertThat(IdleTimeout.format(7200)).isEqualTo("2h");
        assertThat(IdleTimeout.format(90)).isEqualTo("90s");
    }

    @Test
    void theManifestAttributeIsReadAndABadOneRefusedWithItsPlace() {
        Manifest m = ManifestReader.read("manifest.yml", "/src", "applications:\n- name: a\n  idle-timeout: 20s\n", Map.of(),
                v -> "pass --var " + v);
        assertThat(m.applications().get(0).idleTimeout()).isEqualTo("20s");
        assertThat(m.warnings()).isEmpty();
        assertThat(ManifestReader.read("manifest.yml", "/src", "applications:\n- name: a\n", Map.of(), v -> v)
                .applications().get(0).idleTimeout()).isNull();
        assertThatThrownBy(() -> ManifestReader.read("manifest.yml", "/src", "applications:\n- name: a\n  idle-timeout: soon\n",
                Map.of(), v -> v))
                .isInstanceOf(ManifestException.class)
                .satisfies(e -> assertThat(((ManifestException) e).problems()).containsExactly(
                        "manifest.yml, line 3, column 17: idle-timeout: 'soon' is not a duration; write 20s, 5m or 1h (0 = never)"));
    }
}
