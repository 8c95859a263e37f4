package dev.paas.logdrain.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogDrainsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final LogDrains.Settings FAST = LogDrains.Settings.DEFAULTS.withQueue(20, 5)
            .withBackoff(Duration.ofMillis(20), Duration.ofMillis(100)).withLoopback(true);

    private static DrainLine line(String text) {
        return new DrainLine(Instant.parse("2026-12-06T11:00:00Z"), "dev/web", "APP/PROC/WEB", "0", false, text);
    }

    @Test
    void linesArriveAsOctetCountedRfc5424InOrder() throws Exception {
        try (SyslogListener drain = new SyslogListener(0); LogDrains drains = new LogDrains("node-1", FAST)) {
            for (int i = 0; i < 3; i++) {
                drains.ship(List.of(drain.url()), line("hello " + i));
            }
            assertThat(drain.next(WAIT)).isEqualTo("<14>1 2026-12-06T11:00:00.000000Z node-1 dev/web [APP/PROC/WEB/0] - - hello 0\n");
            assertThat(drain.next(WAIT)).endsWith(" - - hello 1\n");
            assertThat(drain.next(WAIT)).endsWith(" - - hello 2\n");
            assertThat(drains.dropped(drain.url())).isZero();
        }
    }

    @Test
    void aDownDrainDropsWithACounterWithoutBlockingThenRecovers() throws Exception {
        int port = SyslogListener.freePort();
        String url = "syslog://127.0.0.1:" + port;
        try (LogDrains drains = new LogDrains("node-1", FAST)) {
            long start = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                drains.ship(List.of(url), line("lost " + i));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));  // never blocks the caller
            assertThat(drains.dropped(url)).isGreaterThanOrEqualTo(1000 - 20 - 5);  // all but a queue and a batch, at once
            try (SyslogListener drain = new SyslogListener(port)) {
                // Lines keep coming; once the shipper has reconnected they arrive again.
                String got = null;
                for (int i = 0; got == null || !got.contains(" - - again "); i++) {
                    drains.ship(List.of(url), line("again " + i));
                    got = drain.next(WAIT);
                }
                assertThat(drains.sent(url)).isPositive();
                assertThat(drains.dropped(url)).isGreaterThanOrEqualTo(975);
            }
        }
    }

    @Test
    void aSlowDrainDoesNotHoldUpAnother() throws Exception {
        int down = SyslogListener.freePort();
        try (SyslogListener drain = new SyslogListener(0); LogDrains drains = new LogDrains("node-1", FAST)) {
            for (int i = 0; i < 200; i++) {
                drains.ship(List.of("syslog://127.0.0.1:" + down, drain.url()), line("line " + i));
                if (i % 10 == 9) {
                    drain.next(WAIT);  // the live drain keeps up while the other drops
                }
            }
            assertThat(drains.dropped("syslog://127.0.0.1:" + down)).isPositive();
        }
    }

    @Test
    void loopbackLinkLocalAndWildcardDrainsAreRefusedByDefault() throws Exception {
        try (SyslogListener drain = new SyslogListener(0);
             LogDrains drains = new LogDrains("node-1", FAST.withLoopback(false))) {
            List<String> urls = List.of(drain.url(), "syslog://localhost:" + drain.port(), "syslog://169.254.169.254:514",
                    "syslog://0.0.0.0:" + drain.port(), "https://127.0.0.1:" + drain.port() + "/x");
            drains.ship(urls, line("must not arrive"));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (urls.stream().anyMatch(u -> drains.dropped(u) == 0) && System.nanoTime() < deadline) {
                Thread.sleep(10);  // each refusal moves its counter
            }
            urls.forEach(u -> assertThat(drains.dropped(u)).as(u).isEqualTo(1));
            assertThat(drains.sentTotal()).isZero();
        }
    }

    @Test
    void aBadUrlIsSkippedAndRetainClosesUnusedDrains() throws Exception {
        try (SyslogListener drain = new SyslogListener(0); LogDrains drains = new LogDrains("node-1", FAST)) {
            drains.ship(List.of("tcp://nowhere:1", drain.url()), line("one"));
            assertThat(drain.next(WAIT)).endsWith(" - - one\n");
            drains.retain(List.of());
            assertThat(drains.sent(drain.url())).isZero();  // forgotten
            assertThat(drains.sentTotal()).as("the totals keep what closed drains did").isEqualTo(1);
            drains.ship(List.of(drain.url()), line("two"));  // reopened on demand
            assertThat(drain.next(WAIT)).endsWith(" - - two\n");
        }
    }
}
