package dev.paas.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyBucketsTest {

    @Test
    void boundsRiseByAboutAQuarterFrom100MicrosecondsTo60Seconds() {
        List<Long> bounds = LatencyBuckets.upperBoundsMicros();
        assertThat(bounds.get(0)).isEqualTo(100);
        assertThat(bounds.get(bounds.size() - 1)).isLessThanOrEqualTo(60_000_000).isGreaterThan(40_000_000);
        for (int i = 1; i < bounds.size(); i++) {
            double ratio = (double) bounds.get(i) / bounds.get(i - 1);
            assertThat(ratio).as("bound %d", i).isBetween(1.1, 1.4);
        }
        assertThat(LatencyBuckets.COUNT).isEqualTo(bounds.size() + 1);
    }

    @Test
    void eachDurationFallsInTheBucketWhoseUpperBoundHoldsIt() {
        assertThat(LatencyBuckets.index(0)).isZero();
        assertThat(LatencyBuckets.index(100)).isZero();
        assertThat(LatencyBuckets.index(101)).isEqualTo(1);
        assertThat(LatencyBuckets.index(Long.MAX_VALUE)).isEqualTo(LatencyBuckets.COUNT - 1);
        for (long micros : new long[] {1, 99, 1_000, 12_345, 999_999, 59_000_000}) {
            int i = LatencyBuckets.index(micros);
            assertThat(micros).isLessThanOrEqualTo(LatencyBuckets.upperMicros(i)).isGreaterThanOrEqualTo(LatencyBuckets.lowerMicros(i));
        }
    }

    @Test
    void quantilesInterpolateInsideTheirBucket() {
        long[] counts = new long[LatencyBuckets.COUNT];
        assertThat(LatencyBuckets.quantileMillis(counts, 0.5)).isNull();
        int ms10 = LatencyBuckets.index(10_000);
        counts[ms10] = 99;
        int s1 = LatencyBuckets.index(1_000_000);
        counts[s1] = 1;
        double p50 = LatencyBuckets.quantileMillis(counts, 0.5);
        assertThat(p50).isBetween(LatencyBuckets.lowerMicros(ms10) / 1000.0, LatencyBuckets.upperMicros(ms10) / 1000.0);
        assertThat(LatencyBuckets.quantileMillis(counts, 0.99)).isEqualTo(LatencyBuckets.upperMicros(ms10) / 1000.0, within(1e-9));
        assertThat(LatencyBuckets.quantileMillis(counts, 1.0)).isEqualTo(LatencyBuckets.upperMicros(s1) / 1000.0, within(1e-9));
        counts[LatencyBuckets.COUNT - 1] = 1000;
        assertThat(LatencyBuckets.quantileMillis(counts, 0.99)).as("the overflow bucket answers its lower bound")
                .isEqualTo(LatencyBuckets.lowerMicros(LatencyBuckets.COUNT - 1) / 1000.0);
    }
}
