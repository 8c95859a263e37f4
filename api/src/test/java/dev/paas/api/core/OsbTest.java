package dev.paas.api.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The OSB v2.17 response tables, and orphan mitigation, as {@link Osb} reads them. */
class OsbTest {

    static final Duration T = Duration.ofSeconds(60);

    static OsbReply r(int status, String body) {
        return OsbReply.of(status, body);
    }

    static Stream<Arguments> provisions() {
        return Stream.of(
                Arguments.of("201 made", r(201, "{}"), OsbOutcome.Done.class),
                Arguments.of("200 already there, identical", r(200, "{\"dashboard_url\":\"http://x\"}"), OsbOutcome.Done.class),
                Arguments.of("201 with no body", r(201, ""), OsbOutcome.Done.class),
                Arguments.of("202 async", r(202, "{\"operation\":\"op-1\"}"), OsbOutcome.Accepted.class),
                Arguments.of("202 without operation", r(202, "{}"), OsbOutcome.Accepted.class),
                Arguments.of("201 garbage", r(201, "{not json"), OsbOutcome.Orphan.class),
                Arguments.of("200 an array", r(200, "[]"), OsbOutcome.Orphan.class),
                Arguments.of("202 garbage", r(202, "<html>"), OsbOutcome.Orphan.class),
                Arguments.of("202 numeric operation", r(202, "{\"operation\":5}"), OsbOutcome.Orphan.class),
                Arguments.of("204 not OSB", r(204, ""), OsbOutcome.Orphan.class),
                Arguments.of("500", r(500, "{\"description\":\"disk full\"}"), OsbOutcome.Orphan.class),
                Arguments.of("503", r(503, ""), OsbOutcome.Orphan.class),
                Arguments.of("408", r(408, ""), OsbOutcome.Orphan.class),
                Arguments.of("time-out", OsbReply.timedOut(), OsbOutcome.Orphan.class),
                Arguments.of("connection broken after sending", OsbReply.broken("reset"), OsbOutcome.Orphan.class),
                Arguments.of("nothing listening", OsbReply.unreachable("Connection refused"), OsbOutcome.Refused.class),
                Arguments.of("400", r(400, "{\"description\":\"bad parameter size\"}"), OsbOutcome.Refused.class),
                Arguments.of("409 exists differently", r(409, "{}"), OsbOutcome.Refused.class),
                Arguments.of("401", r(401, ""), OsbOutcome.Refused.class),
                Arguments.of("422 ConcurrencyError", r(422, "{\"error\":\"ConcurrencyError\"}"), OsbOutcome.Concurrency.class),
                Arguments.of("422 MaintenanceInfoConflict", r(422, "{\"error\":\"MaintenanceInfoConflict\"}"), OsbOutcome.Refused.class));
    }

    @ParameterizedTest(name = "provision: {0}")
    @MethodSource("provisions")
    void provisionAnswersAreClassified(String name, OsbReply reply, Class<? extends OsbOutcome> expected) {
        OsbOutcome o = Osb.provision("pg", T, reply);
        assertThat(o).isInstanceOf(expected);
        assertThat(o.description()).contains("'pg'");
    }

    static Stream<Arguments> binds() {
        return Stream.of(
                Arguments.of("201 credentials", r(201, "{\"credentials\":{\"uri\":\"x\"}}"), OsbOutcome.Done.class),
                Arguments.of("200 no credentials", r(200, "{}"), OsbOutcome.Done.class),
                Arguments.of("201 credentials not an object", r(201, "{\"credentials\":\"x\"}"), OsbOutcome.Orphan.class),
                Arguments.of("202 to a synchronous bind", r(202, "{\"operation\":\"x\"}"), OsbOutcome.Orphan.class),
                Arguments.of("422 AsyncRequired", r(422, "{\"error\":\"AsyncRequired\"}"), OsbOutcome.Refused.class),
                Arguments.of("422 ConcurrencyError", r(422, "{\"error\":\"ConcurrencyError\"}"), OsbOutcome.Concurrency.class),
                Arguments.of("500", r(500, "oops"), OsbOutcome.Orphan.class),
                Arguments.of("garbage", r(201, "}{"), OsbOutcome.Orphan.class),
                Arguments.of("time-out", OsbReply.timedOut(), OsbOutcome.Orphan.class));
    }

    @ParameterizedTest(name = "bind: {0}")
    @MethodSource("binds")
    void bindAnswersAreClassified(String name, OsbReply reply, Class<? extends OsbOutcome> expected) {
        assertThat(Osb.bind("pg", T, reply)).isInstanceOf(expected);
    }

    static Stream<Arguments> deletes() {
        return Stream.of(
                Arguments.of("200 removed", r(200, "{}"), OsbOutcome.Gone.class),
                Arguments.of("200 garbage body is still removed", r(200, "nope"), OsbOutcome.Gone.class),
                Arguments.of("410 gone", r(410, "{}"), OsbOutcome.Gone.class),
                Arguments.of("202 async", r(202, "{\"operation\":\"d\"}"), OsbOutcome.Accepted.class),
                Arguments.of("422 ConcurrencyError", r(422, "{\"error\":\"ConcurrencyError\"}"), OsbOutcome.Concurrency.class),
                Arguments.of("400", r(400, "{}"), OsbOutcome.Failed.class),
                Arguments.of("500", r(500, "{}"), OsbOutcome.Failed.class),
                Arguments.of("time-out", OsbReply.timedOut(), OsbOutcome.Failed.class),
                Arguments.of("unreachable", OsbReply.unreachable("refused"), OsbOutcome.Failed.class));
    }

    @ParameterizedTest(name = "deprovision: {0}")
    @MethodSource("deletes")
    void deprovisionAnswersAreClassified(String name, OsbReply reply, Class<? extends OsbOutcome> expected) {
        assertThat(Osb.deprovision("pg", T, reply)).isInstanceOf(expected);
    }

    @Test
    void aSynchronousUnbindAnswered202HasFailed() {
        assertThat(Osb.unbind("pg", T, r(202, "{}"))).isInstanceOf(OsbOutcome.Failed.class);
        assertThat(Osb.unbind("pg", T, r(410, ""))).isInstanceOf(OsbOutcome.Gone.class);
    }

    static Stream<Arguments> polls() {
        return Stream.of(
                Arguments.of(r(200, "{\"state\":\"in progress\",\"description\":\"50%\"}"), Osb.PollState.IN_PROGRESS, "50%"),
                Arguments.of(r(200, "{\"state\":\"succeeded\"}"), Osb.PollState.SUCCEEDED, null),
                Arguments.of(r(200, "{\"state\":\"failed\",\"description\":\"quota\"}"), Osb.PollState.FAILED, "quota"),
                Arguments.of(r(200, "{\"state\":\"failed\"}"), Osb.PollState.FAILED, "broker 'pg' says it failed"),
                Arguments.of(r(410, "{}"), Osb.PollState.GONE, "broker 'pg' has no such instance (410 Gone)"),
                Arguments.of(r(200, "{\"state\":\"done\"}"), Osb.PollState.UNKNOWN, null),
                Arguments.of(r(200, "garbage"), Osb.PollState.UNKNOWN, null),
                Arguments.of(r(500, ""), Osb.PollState.UNKNOWN, null),
                Arguments.of(OsbReply.timedOut(), Osb.PollState.UNKNOWN, "broker 'pg' timed out after 60 s"));
    }

    @ParameterizedTest(name = "last_operation {0} -> {1}")
    @MethodSource("polls")
    void lastOperationAnswersAreRead(OsbReply reply, Osb.PollState state, String description) {
        Osb.Poll p = Osb.lastOperation("pg", T, reply);
        assertThat(p.state()).isEqualTo(state);
        if (description != null) {
            assertThat(p.description()).isEqualTo(description);
        }
    }

    @Test
    void descriptionsSayWhatTheBrokerSaid() {
        assertThat(Osb.provision("pg", Duration.ofSeconds(60), OsbReply.timedOut()).description())
                .isEqualTo("broker 'pg' timed out after 60 s");
        assertThat(Osb.provision("pg", T, r(500, "{\"error\":\"Boom\",\"description\":\"disk full\"}")).description())
                .isEqualTo("broker 'pg' answered 500: Boom: disk full");
        assertThat(Osb.provision("pg", T, r(201, "{garbage\n")).description())
                .isEqualTo("broker 'pg' answered 201 with a body that is not a JSON object: '{garbage'");
        assertThat(Osb.provision("pg", T, r(502, "x".repeat(1000))).description()).hasSizeLessThan(400);
    }

    @Test
    void doneCarriesTheBody() {
        assertThat(((OsbOutcome.Done) Osb.bind("pg", T, r(201, "{\"credentials\":{\"port\":5432}}"))).body())
                .isEqualTo(Map.of("credentials", Map.of("port", 5432)));
        assertThat(((OsbOutcome.Accepted) Osb.provision("pg", T, r(202, "{\"operation\":\"op\"}"))).operation()).isEqualTo("op");
    }

    @Test
    void pollsBackOffUpToFiveMinutesAndHonourRetryAfter() {
        Duration i = Duration.ofSeconds(5);
        assertThat(BrokerRules.pollDelay(0, i, null)).isEqualTo(Duration.ofSeconds(5));
        assertThat(BrokerRules.pollDelay(1, i, null)).isEqualTo(Duration.ofSeconds(10));
        assertThat(BrokerRules.pollDelay(3, i, null)).isEqualTo(Duration.ofSeconds(40));
        assertThat(BrokerRules.pollDelay(10, i, null)).isEqualTo(Duration.ofMinutes(5));
        assertThat(BrokerRules.pollDelay(1000, i, null)).isEqualTo(Duration.ofMinutes(5));
        assertThat(BrokerRules.pollDelay(0, i, Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
        assertThat(BrokerRules.pollDelay(3, i, Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(40));
        assertThat(BrokerRules.pollDelay(5, Duration.ZERO, null)).isEqualTo(Duration.ZERO);
    }
}
