package dev.paas.imagefactory.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuthChallengeTest {

    @Test
    void bearerWithQuotedParameters() {
        AuthChallenge c = AuthChallenge.parse("Bearer realm=\"https://auth.example.com/token\",service=\"registry.example.com\","
                + "scope=\"repository:team/app:pull,push\"").orElseThrow();
        assertThat(c.scheme()).isEqualTo("bearer");
        assertThat(c.param("realm")).hasValue("https://auth.example.com/token");
        assertThat(c.param("service")).hasValue("registry.example.com");
        assertThat(c.param("scope")).hasValue("repository:team/app:pull,push");
    }

    @Test
    void basicAndUnknown() {
        assertThat(AuthChallenge.parse("Basic realm=\"Registry\"").orElseThrow().scheme()).isEqualTo("basic");
        assertThat(AuthChallenge.parse("Negotiate abc")).isEmpty();
        assertThat(AuthChallenge.parse("")).isEmpty();
        assertThat(AuthChallenge.parse(null)).isEmpty();
    }
}
