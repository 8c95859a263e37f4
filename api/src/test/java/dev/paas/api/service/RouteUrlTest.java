package dev.paas.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteUrlTest {

    @ParameterizedTest(name = "{0}{1} on port {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "hello.localhost | ''   | 80   | http://hello.localhost/",
            "hello.localhost | null | 80   | http://hello.localhost/",
            "hello.localhost | ''   | 8080 | http://hello.localhost:8080/",
            "shop.example.com| /api | 8080 | http://shop.example.com:8080/api",
            "shop.example.com| /api | 80   | http://shop.example.com/api",
    })
    void theRoutersPublicPortOnlyWhenItIsNot80(String host, String path, int port, String url) {
        assertThat(RouteService.url(host.strip(), path == null ? null : path.strip(), port)).isEqualTo(url);
    }
}
