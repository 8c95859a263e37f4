package dev.paas.logdrain.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DrainUrlTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "syslog://logs.example.com:5140, SYSLOG, logs.example.com, 5140, syslog://logs.example.com:5140",
            "syslog://logs.example.com, SYSLOG, logs.example.com, 514, syslog://logs.example.com:514",
            "syslog-tls://10.1.2.3, SYSLOG_TLS, 10.1.2.3, 6514, syslog-tls://10.1.2.3:6514",
            "syslog://[::1]:601/?drain-type=all, SYSLOG, ::1, 601, syslog://[::1]:601",
            "https://drain.example.com/ingest?token=secret, HTTPS, drain.example.com, 443, https://drain.example.com:443",
    })
    void parses(String url, DrainUrl.Scheme scheme, String host, int port, String redacted) {
        DrainUrl d = DrainUrl.parse(url).orElseThrow();
        assertThat(d.scheme()).isEqualTo(scheme);
        assertThat(d.host()).isEqualTo(host);
        assertThat(d.port()).isEqualTo(port);
        assertThat(d.redacted()).isEqualTo(redacted).doesNotContain("secret");
        assertThat(d.toString()).isEqualTo(redacted);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "http://logs.example.com", "syslog://", "syslog://user:pw@host:514", "syslog://host:0",
            "syslog://host:70000", "tcp://host:514", "syslog://ho st:514", "https://host:99999/x"})
    void refuses(String url) {
        assertThat(DrainUrl.parse(url)).isEmpty();
    }

    @Test
    void backoffDoublesUpToItsMaximum() {
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
        assertThat(b.after(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(b.after(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.after(8)).isEqualTo(Duration.ofSeconds(30));
        assertThat(b.after(1000)).isEqualTo(Duration.ofSeconds(30));
    }
}
