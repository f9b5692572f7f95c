package org.fraudgraph.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyProbeTest {

    @Test
    void percentilesAreNearestRankAndExactBelowTwoSeconds() {
        Histogram millis = new Histogram(3);
        for (int ms = 1; ms <= 200; ms++) {
            millis.recordValue(ms * 10L); // 10, 20, ..., 2,000 ms
        }

        assertThat(LatencyProbe.percentile(millis, 0.50)).isEqualTo(1_000);
        assertThat(LatencyProbe.percentile(millis, 0.99)).isEqualTo(1_980);
        assertThat(LatencyProbe.percentile(millis, 0.999)).isEqualTo(2_000);
        assertThat(LatencyProbe.percentile(millis, 1.0)).isEqualTo(2_000);
    }

    @Test
    void largeLatenciesKeepThreeSignificantDigits() {
        Histogram millis = new Histogram(3);
        millis.recordValue(123_456);

        assertThat(LatencyProbe.percentile(millis, 0.99)).isBetween(123_400L, 123_600L);
    }

    @Test
    void noLatenciesHaveNoPercentile() {
        assertThat(LatencyProbe.percentile(new Histogram(3), 0.99)).isEqualTo(-1);
    }
}
