package dev.paas.api.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.api.infra.PaasConfig;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When the leader's grace period starts: the {@code freshSince} each round is given. */
class SchedulerLoopTest {

    static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");

    /** A round that records the freshSince it was given and fails as told. */
    static final class Rounds extends SchedulerRound {
        final List<Instant> freshSince = new ArrayList<>();
        RuntimeException next;

        Rounds() {
            super(null, null, null, null, null);
        }

        @Override
        public boolean run(Duration heartbeatTimeout, Instant fresh) {
            freshSince.add(fresh);
            if (next != null) {
                RuntimeException e = next;
                next = null;
                throw e;
            }
            return false;
        }
    }

    static final class MovingClock extends Clock {
        Instant now = T0;

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        void advance(long seconds) {
            now = now.plusSeconds(seconds);
        }
    }

    final Rounds rounds = new Rounds();
    final MovingClock clock = new MovingClock();
    final SchedulerLoop loop = new SchedulerLoop(null, rounds, config(), clock);

    static PaasConfig config() {
        PaasConfig.Scheduler scheduler = (PaasConfig.Scheduler) Proxy.newProxyInstance(SchedulerLoopTest.class.getClassLoader(),
                new Class<?>[] {PaasConfig.Scheduler.class}, (p, m, a) -> switch (m.getName()) {
                    case "enabled" -> true;
                    case "interval" -> Duration.ofSeconds(2);
                    case "heartbeatTimeout" -> Duration.ofSeconds(15);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return (PaasConfig) Proxy.newProxyInstance(SchedulerLoopTest.class.getClassLoader(), new Class<?>[] {PaasConfig.class},
                (p, m, a) -> {
                    if (m.getName().equals("scheduler")) {
                        return scheduler;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    void theGracePeriodStartsAtTheFirstRoundOfALeadershipAndStaysPut() {
        loop.elected();
        loop.runRound();
        clock.advance(7);
        loop.runRound();
        clock.advance(30);
        loop.runRound();

        assertThat(rounds.freshSince).containsExactly(T0, T0, T0);
    }

    @Test
    void leadershipAgainAfterALostConnectionStartsItAgain() {
        loop.elected();
        loop.runRound();
        clock.advance(40);
        loop.elected();
        loop.runRound();

        assertThat(rounds.freshSince).containsExactly(T0, T0.plusSeconds(40));
    }

    @Test
    void aRoundThatFailedOnTheDatabaseStartsItAgainAtTheNextRound() {
        loop.elected();
        loop.runRound();
        clock.advance(10);
        rounds.next = new IllegalStateException("could not read the snapshot",
                new SQLException("Connection refused", "08001"));
        loop.runRound();
        clock.advance(20);
        loop.runRound();

        assertThat(rounds.freshSince).containsExactly(T0, T0, T0.plusSeconds(30));
    }

    @Test
    void aRoundThatFailedForAnotherReasonKeepsIt() {
        loop.elected();
        loop.runRound();
        rounds.next = new IllegalArgumentException("app 7 is listed twice in the snapshot");
        clock.advance(10);
        loop.runRound();
        clock.advance(10);
        loop.runRound();

        assertThat(rounds.freshSince).containsExactly(T0, T0, T0);
    }
}
