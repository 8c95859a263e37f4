package dev.paas.pushrules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AppRulesTest {

    @ParameterizedTest(name = "{0} instances")
    @CsvSource(delimiter = '|', value = {"0|", "100|", "-1|-1 is out of range; choose 0 to 100",
            "101|101 is out of range; choose 0 to 100"})
    void instances(int n, String problem) {
        assertThat(AppRules.instancesProblem(n).orElse(null)).isEqualTo(problem);
    }

    @ParameterizedTest(name = "timeout {0}")
    @CsvSource(delimiter = '|', value = {"1|", "180|", "0|0 is out of range; choose 1 to 180 seconds",
            "181|181 is out of range; choose 1 to 180 seconds"})
    void timeouts(int n, String problem) {
        assertThat(AppRules.timeoutProblem(n).orElse(null)).isEqualTo(problem);
    }

    @Test
    void commandsAreOneLineOfAtMost4096Characters() {
        assertThat(AppRules.commandProblem("cd app && ./run; echo $(date)")).isEmpty();
        assertThat(AppRules.commandProblem(null)).isEmpty();
        assertThat(AppRules.commandProblem("a\nb")).contains("must be one line");
        assertThat(AppRules.commandProblem("a\rb")).contains("must be one line");
        assertThat(AppRules.commandProblem("x".repeat(4097))).contains("is 4097 characters; use at most 4096");
    }

    @ParameterizedTest(name = "endpoint {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {"/health|", "/a/b?c=d|",
            "health|'health' must be a path starting with '/', without spaces, at most 255 characters, e.g. /health",
            "\"/he alth\"|'/he alth' must be a path starting with '/', without spaces, at most 255 characters, e.g. /health"})
    void endpoints(String endpoint, String problem) {
        assertThat(AppRules.endpointProblem(endpoint).orElse(null)).isEqualTo(problem);
    }
}
