package dev.paas.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.model.AppMetricsView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetricsChartTest {

    static AppMetricsView view(long... requestsPerBucket) {
        List<AppMetricsView.Bucket> buckets = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < requestsPerBucket.length; i++) {
            long n = requestsPerBucket[i];
            total += n;
            buckets.add(new AppMetricsView.Bucket(Instant.ofEpochSecond(1_700_000_000L + 10L * i), n, n / 2,
                    n == 0 ? null : 2.0, n == 0 ? null : 40.0));
        }
        return new AppMetricsView(Instant.ofEpochSecond(1_700_000_300L), 300, 10, total, total / 2, total / 300.0,
                total == 0 ? null : 2.0, total == 0 ? null : 40.0, buckets, List.of());
    }

    @Test
    void barsScaleToTheBusiestBucketWithTheir5xxOnTop() {
        MetricsChart.Panel p = MetricsChart.of(view(0, 4, 8));
        assertThat(p.bars()).hasSize(3);
        assertThat(p.bars().get(0).height()).isEqualTo("0.00");
        assertThat(p.bars().get(1).height()).isEqualTo("50.00");
        assertThat(p.bars().get(2).height()).isEqualTo("100.00");
        assertThat(p.bars().get(2).errorHeight()).as("half of them 5xx").isEqualTo("50.00");
        assertThat(p.bars().get(2).title()).isEqualTo("22:13:40 UTC, 10 s: 8 requests, 4 5xx, p50 2.0 ms, p99 40 ms");
        assertThat(p.requests()).isEqualTo("12");
        assertThat(p.errors()).isEqualTo("6 (50%)");
        assertThat(p.p99()).isEqualTo("40 ms");
        assertThat(p.latencyMax()).isEqualTo("50 ms");
        assertThat(p.window()).isEqualTo("5 min");
        assertThat(p.p99Points()).as("a level per bucket with requests").isEqualTo("110.00,12.00 190.00,12.00 210.00,12.00 290.00,12.00");
    }

    @Test
    void noRequestsDrawNoLines() {
        MetricsChart.Panel p = MetricsChart.of(view(0, 0));
        assertThat(p.any()).isFalse();
        assertThat(p.p50()).isEqualTo("–");
        assertThat(p.errors()).isEqualTo("0");
        assertThat(p.p50Points()).isEmpty();
    }

    @ParameterizedTest(name = "{0} ms -> {1}")
    @CsvSource({"0.123, 0.12 ms", "3.14, 3.1 ms", "120.4, 120 ms", "1250, 1.25 s"})
    void latenciesReadShort(double ms, String text) {
        assertThat(MetricsChart.millis(ms)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0.3, 0.5", "1, 1", "1.2, 2", "3, 5", "7, 10", "420, 500"})
    void scalesAreOneTwoOrFiveTimesAPowerOfTen(double v, double nice) {
        assertThat(MetricsChart.niceCeiling(v)).isEqualTo(nice);
    }
}
