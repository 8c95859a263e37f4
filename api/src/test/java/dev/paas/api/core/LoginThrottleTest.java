package dev.paas.api.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private final LoginThrottle throttle = new LoginThrottle(3, Duration.ofMinutes(15), Duration.ofMinutes(5));

    @Test
    void pausesAUserAfterTheLimitForTheLockout() {
        for (int i = 0; i < 2; i++) {
            throttle.failed("ann", "10.0.0.1", T0);
        }
        assertThat(throttle.refusal("ann", "10.0.0.1", T0)).isEmpty();
        throttle.failed("ann", "10.0.0.1", T0);
        assertThat(throttle.refusal("ANN", "10.0.0.9", T0.plusSeconds(60))).contains(Duration.ofMinutes(4));
        assertThat(throttle.refusal("ann", "10.0.0.1", T0.plus(Duration.ofMinutes(5)))).isEmpty();
    }

    @Test
    void failuresOutsideTheWindowDoNotAddUp() {
        throttle.failed("ann", null, T0);
        throttle.failed("ann", null, T0.plusSeconds(60));
        throttle.failed("ann", null, T0.plus(Duration.ofMinutes(16)));
        assertThat(throttle.refusal("ann", null, T0.plus(Duration.ofMinutes(16)))).isEmpty();
    }

    @Test
    void successClearsTheUserButNotTheAddress() {
        for (int i = 0; i < 11; i++) {
            throttle.failed("user" + i, "10.0.0.1", T0);
        }
        throttle.failed("ann", "10.0.0.1", T0);
        throttle.succeeded("ann");
        // 12 failures from one address (4 x the user limit) pause every user name from it.
        assertThat(throttle.refusal("bob", "10.0.0.1", T0)).isPresent();
        assertThat(throttle.refusal("bob", "10.0.0.2", T0)).isEmpty();
    }
}
