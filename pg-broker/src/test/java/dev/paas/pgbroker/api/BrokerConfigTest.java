package dev.paas.pgbroker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Every flag an operator types is checked once, with a message naming it; secrets stay out of toString. */
class BrokerConfigTest {

    static BrokerConfig with(String bind, String user, String pw, String pgHost, String db, String pgUser, String pgPw,
                             String appHost, Integer appPort) {
        return BrokerConfig.validated(bind, 8902, user, pw, pgHost, 5432, db, pgUser, pgPw, appHost, appPort, "paas_service_users");
    }

    @Test
    void aGoodConfigTakesTheServersPortForAppsUnlessTold() {
        BrokerConfig c = with("127.0.0.1", "paas", "password1", "127.0.0.1", "paas_broker", "paas_broker", "x", "10.253.0.1", null);
        assertThat(c.appPort()).isEqualTo(5432);
        assertThat(with("127.0.0.1", "paas", "password1", "db.example", "paas_broker", "paas_broker", "x", "10.253.0.1", 6432)
                .appPort()).isEqualTo(6432);
        assertThat(c.toString()).doesNotContain("password1").doesNotContain("=x");
    }

    @Test
    void badValuesNameTheirFlag() {
        assertThatThrownBy(() -> with("localhost", "paas", "password1", "h", "d", "u", "x", "a", null)).hasMessageContaining("--bind");
        assertThatThrownBy(() -> with("127.0.0.1", "pa:as", "password1", "h", "d", "u", "x", "a", null)).hasMessageContaining("--username");
        assertThatThrownBy(() -> with("127.0.0.1", "paas", null, "h", "d", "u", "x", "a", null)).hasMessageContaining("PAAS_PG_BROKER_PASSWORD");
        assertThatThrownBy(() -> with("127.0.0.1", "paas", "short", "h", "d", "u", "x", "a", null)).hasMessageContaining("8 characters");
        assertThatThrownBy(() -> with("127.0.0.1", "paas", "password1", "h", "Bad-Db", "u", "x", "a", null)).hasMessageContaining("--pg-database");
        assertThatThrownBy(() -> with("127.0.0.1", "paas", "password1", "h", "d", "u; drop", "x", "a", null)).hasMessageContaining("--pg-user");
        assertThatThrownBy(() -> with("127.0.0.1", "paas", "password1", "h", "d", "u", "", "a", null)).hasMessageContaining("PAAS_PG_BROKER_DB_PASSWORD");
        assertThatThrownBy(() -> with("127.0.0.1", "paas", "password1", "h", "d", "u", "x", null, null)).hasMessageContaining("--app-host");
        assertThatThrownBy(() -> with("127.0.0.1", "paas", "password1", "h", "d", "u", "x", "a b", null)).hasMessageContaining("--app-host");
        assertThatThrownBy(() -> with("127.0.0.1", "paas", "password1", "h", "d", "u", "x", "a", 70000)).hasMessageContaining("--app-port");
    }
}
