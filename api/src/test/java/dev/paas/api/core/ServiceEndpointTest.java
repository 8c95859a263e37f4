package dev.paas.api.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceEndpointTest {

    @Test
    void hostAndPortWin() {
        assertThat(ServiceEndpoint.of(Map.of("host", "10.0.0.5", "port", 5432, "uri", "postgres://db.example:6543/x")))
                .contains(new ServiceEndpoint.HostPort("10.0.0.5", 5432));
        assertThat(ServiceEndpoint.of(Map.of("host", "db.example", "port", "5432")))
                .contains(new ServiceEndpoint.HostPort("db.example", 5432));
    }

    @ParameterizedTest(name = "{0} -> {1}:{2}")
    @CsvSource(nullValues = "NULL", value = {
            "postgres://u:p@10.0.0.5:5432/db, 10.0.0.5, 5432",
            "postgresql://127.0.0.1:6000, 127.0.0.1, 6000",
            "mysql://user@db.internal:3306/x?ssl=true, db.internal, 3306",
            "postgres://10.0.0.5/db, NULL, NULL",
            "postgres://[::1]:5432/db, NULL, NULL",
            "not a uri, NULL, NULL",
            "postgres://h:99999/db, NULL, NULL",
            "jdbc:postgresql://10.0.0.5:5432/db, NULL, NULL",
    })
    void theUriIsReadWhenHostAndPortAreMissing(String uri, String host, Integer port) {
        Optional<ServiceEndpoint.HostPort> e = ServiceEndpoint.of(Map.of("uri", uri));
        assertThat(e).isEqualTo(host == null ? Optional.empty() : Optional.of(new ServiceEndpoint.HostPort(host, port)));
    }

    @Test
    void nothingUsableIsNothing() {
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("host", "10.0.0.5");
        bad.put("port", 0);
        assertThat(ServiceEndpoint.of(bad)).isEmpty();
        assertThat(ServiceEndpoint.of(Map.of("host", "a b", "port", 1))).isEmpty();
        assertThat(ServiceEndpoint.of(Map.of("host", "10.0.0.5", "port", 1.5))).isEmpty();
        assertThat(ServiceEndpoint.of(Map.of())).isEmpty();
        assertThat(ServiceEndpoint.of(null)).isEmpty();
        assertThat(ServiceEndpoint.isIpv4("10.0.0.256")).isFalse();
        assertThat(ServiceEndpoint.isIpv4("010.0.0.1")).isFalse();
    }
}
