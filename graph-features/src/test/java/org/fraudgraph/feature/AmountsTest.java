package org.fraudgraph.feature;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AmountsTest {
    @Test
    void roundAndNearLimitAmountsAreRoundInEveryCurrencyScale() {
        long[] round = {200_000, 150_000, 3_000_000, 4_990_000, 4_999_900, 99_900, 1_000};
        long[] notRound = {4_950_000, 123_456, 43_017, 1_234_500, 98_700, 12_345};
        for (long scale : new long[] {1, 10, 100, 10_000}) {
            for (long a : round) {
                assertThat(Amounts.round(a * scale)).as("%d x %d", a, scale).isTrue();
            }
            for (long a : notRound) {
                assertThat(Amounts.round(a * scale)).as("%d x %d", a, scale).isFalse();
            }
        }
    }

    @Test
    void twoDigitsAreNeverRoundAndNothingOverflows() {
        assertThat(Amounts.round(50)).isFalse();
        assertThat(Amounts.round(99)).isFalse();
        assertThat(Amounts.round(0)).isFalse();
        assertThat(Amounts.round(-5_000)).isFalse();
        assertThat(Amounts.round(100)).isTrue();
        assertThat(Amounts.round(Long.MAX_VALUE)).isFalse();
        assertThat(Amounts.round(Long.MAX_VALUE / 10)).isFalse();
        assertThat(Amounts.round(900_000_000_000_000_000L)).isTrue();
    }
}
