package dev.paas.pgbroker.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The broker's pure rules: the version header, names and credentials. */
class CoreRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"2.17", "2.13", " 2.14 "})
    void anyTwoDotMinorIsSpoken(String v) {
        OsbRequests.checkVersion(v);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.0", "3.0", "2", "2.x", "2.17.1"})
    void otherVersionsArePreconditionFailed(String v) {
        assertThatThrownBy(() -> OsbRequests.checkVersion(v)).isInstanceOfSatisfying(OsbError.class,
                e -> assertThat(e.status()).isEqualTo(412));
    }

    @Test
    void namesAreStableLowerCaseIdentifiersOfTheirIds() {
        assertThat(Names.instance("a")).isEqualTo(Names.instance("a")).matches("psi_[0-9a-f]{24}").isNotEqualTo(Names.instance("b"));
        assertThat(Names.binding("a", "b")).matches("psb_[0-9a-f]{24}").isNotEqualTo(Names.binding("a", "c"));
        assertThat(Names.isOwn(Names.binding("a", "b"))).isTrue();
        assertThat(Names.isOwn("postgres")).isFalse();
        assertThat(Names.isOwn("psi_x; DROP ROLE postgres")).isFalse();
    }

    @Test
    void credentialsNameTheAppFacingAddress() {
        var c = Credentials.of("10.253.0.1", 6543, "psi_0", "psb_1", "pw");
        assertThat(c).containsKeys("uri", "jdbcUrl", "host", "port", "name", "username", "password");
        assertThat(c.get("uri")).isEqualTo("postgres://psb_1:pw@10.253.0.1:6543/psi_0");
        assertThat(c.get("jdbcUrl")).isEqualTo("jdbc:postgresql://10.253.0.1:6543/psi_0?user=psb_1&password=pw");
        assertThat(c.get("port")).isEqualTo(6543);
        assertThat(Credentials.of("fd00::1", 5432, "d", "u", "p").get("uri")).isEqualTo("postgres://u:p@[fd00::1]:5432/d");
    }
}
