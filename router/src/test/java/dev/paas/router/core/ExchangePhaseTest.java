package dev.paas.router.core;

import static dev.paas.router.core.ExchangePhase.ABORTED;
import static dev.paas.router.core.ExchangePhase.FINISHED;
import static dev.paas.router.core.ExchangePhase.GONE;
import static dev.paas.router.core.ExchangePhase.HELD;
import static dev.paas.router.core.ExchangePhase.RESPONDED;
import static dev.paas.router.core.ExchangePhase.RESPONDING;
import static dev.paas.router.core.ExchangePhase.TUNNELED;
import static dev.paas.router.core.ExchangePhase.WAITING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The whole transition table of a proxied request, row by row, and what each phase means to the exchange. */
class ExchangePhaseTest {

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(WAITING, EnumSet.of(WAITING, HELD, RESPONDING, RESPONDED, TUNNELED, GONE)),
                Arguments.of(HELD, EnumSet.of(HELD, WAITING, RESPONDED, GONE)),
                Arguments.of(RESPONDING, EnumSet.of(RESPONDING, RESPONDED, ABORTED, GONE)),
                Arguments.of(RESPONDED, EnumSet.of(RESPONDED, FINISHED, GONE)),
                Arguments.of(ABORTED, EnumSet.of(ABORTED, GONE)),
                Arguments.of(TUNNELED, EnumSet.of(TUNNELED)),
                Arguments.of(GONE, EnumSet.of(GONE)),
                Arguments.of(FINISHED, EnumSet.of(FINISHED)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("table")
    void allowsExactlyItsRow(ExchangePhase from, Set<ExchangePhase> allowed) {
        for (ExchangePhase to : ExchangePhase.values()) {
            assertThat(from.allowsTransitionTo(to)).as("%s -> %s", from, to).isEqualTo(allowed.contains(to));
        }
    }

    @Test
    void everyPhaseHasARow() {
        assertThat(table().map(a -> (ExchangePhase) a.get()[0])).containsExactlyInAnyOrder(ExchangePhase.values());
    }

    @Test
    void onlyWaitingAndRespondingStillAnswer() {
        assertThat(EnumSet.allOf(ExchangePhase.class).stream().filter(p -> !p.over()))
                .containsExactlyInAnyOrder(WAITING, HELD, RESPONDING);
        assertThat(EnumSet.allOf(ExchangePhase.class).stream().filter(ExchangePhase::responseDone))
                .containsExactlyInAnyOrder(RESPONDED, TUNNELED, FINISHED);
    }
}
