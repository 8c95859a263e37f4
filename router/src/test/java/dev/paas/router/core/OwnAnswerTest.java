package dev.paas.router.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The router's own answers, one row of the README's status table each, and the Host echoed in their bodies. */
class OwnAnswerTest {

    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of(OwnAnswer.starting(), 503, "starting", true, false,
                        "503 Service Unavailable: the router is starting and has not loaded its route table yet; retry in a second\n"),
                Arguments.of(OwnAnswer.unknownRoute("shop.test", "/cart"), 404, "unknown-route", false, false,
                        "404 Not Found: no app is mapped to shop.test/cart\n"),
                Arguments.of(OwnAnswer.noEndpoints("shop.test"), 503, "no-endpoints", false, true,
                        "503 Service Unavailable: no instance of the app at shop.test is running\n"),
                Arguments.of(OwnAnswer.tooManyHeld("shop.test", 100), 503, "wake-queue-full", true, true,
                        "503 Service Unavailable: the app at shop.test is starting from zero and already has 100 requests "
                                + "waiting; retry in a second\n"),
                Arguments.of(OwnAnswer.wakeTimedOut("shop.test", 60), 503, "wake-timeout", true, true,
                        "503 Service Unavailable: the app at shop.test is starting from zero and had no running instance "
                                + "within 60 s; retry\n"),
                Arguments.of(OwnAnswer.noConnection("shop.test", 3), 502, "endpoint-failure", false, true,
                        "502 Bad Gateway: no instance of the app at shop.test accepted a connection (3 tried)\n"),
                Arguments.of(OwnAnswer.endpointFailed("10.0.0.5:20001"), 502, "endpoint-failure", false, true,
                        "502 Bad Gateway: the instance at 10.0.0.5:20001 failed before answering\n"),
                Arguments.of(OwnAnswer.badBody(), 400, "bad-request", false, true,
                        "400 Bad Request: the request body is not valid HTTP/1.1\n"),
                Arguments.of(OwnAnswer.badRequest(431, "Request Header Fields Too Large", true), 431, "bad-request", false, false,
                        "431 Request Header Fields Too Large: the request line or headers are too long\n"),
                Arguments.of(OwnAnswer.badRequest(400, "Bad Request", false), 400, "bad-request", false, false,
                        "400 Bad Request: the request is not valid HTTP/1.1\n"));
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("answers")
    void eachAnswerIsARowOfTheTable(OwnAnswer a, int status, String error, boolean retryAfter, boolean logged, String text) {
        assertThat(a).isEqualTo(new OwnAnswer(status, error, text, retryAfter, logged));
    }

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', value = {
            "shop.test|shop.test",
            "Shop.Test:8080|Shop.Test:8080",
            "a b\tc|a?b?c",
            "é.test|?.test",
    })
    void hostsAreEchoedAsPrintableAscii(String host, String shown) {
        assertThat(OwnAnswer.printable(host)).isEqualTo(shown);
    }

    @org.junit.jupiter.api.Test
    void aMissingOrHugeHostIsShownSafely() {
        assertThat(OwnAnswer.printable(null)).isEqualTo("(no Host header)");
        assertThat(OwnAnswer.printable("a".repeat(1000))).hasSize(OwnAnswer.MAX_HOST);
    }
}
