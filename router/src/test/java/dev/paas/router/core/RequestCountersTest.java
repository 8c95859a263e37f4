package dev.paas.router.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.model.LatencyBuckets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RequestCountersTest {

    @Test
    void countsByStatusClassAndTimesOnlyTimedRequests() {
        RequestCounters c = new RequestCounters();
        c.record(200, 900, true);
        c.record(404, 1_200, true);
        c.record(499, 5_000, true);
        c.record(502, 40_000, true);
        c.record(101, 60_000_000, false);
        c.record(999, 10, true);

        RequestCounters.Totals t = c.totals();
        assertThat(t.requests()).isEqualTo(6);
        assertThat(t.status4xx()).isEqualTo(2);
        assertThat(t.status5xx()).isEqualTo(1);
        assertThat(Arrays.stream(t.latency()).sum()).as("the WebSocket session is not a latency").isEqualTo(5);
        assertThat(t.latency()[LatencyBuckets.index(40_000)]).isEqualTo(1);
    }

    @Test
    void aDeltaHasOnlyWhatCameAfter() {
        RequestCounters c = new RequestCounters();
        c.record(200, 100, true);
        RequestCounters.Totals before = c.totals();
        assertThat(c.totals().minus(before).any()).isFalse();
        c.record(503, 100, true);
        RequestCounters.Totals delta = c.totals().minus(before);
        assertThat(delta.any()).isTrue();
        assertThat(delta.requests()).isEqualTo(1);
        assertThat(delta.status5xx()).isEqualTo(1);
        assertThat(Arrays.stream(delta.latency()).sum()).isEqualTo(1);
    }
}
