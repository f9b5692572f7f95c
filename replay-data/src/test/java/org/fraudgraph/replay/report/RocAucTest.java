package org.fraudgraph.replay.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RocAucTest {
    @Test
    void perfectSeparationIsOneAndReversedIsZero() {
        assertThat(RocAuc.of(new double[] {3, 4}, new double[] {1, 2})).isEqualTo(1.0);
        assertThat(RocAuc.of(new double[] {1, 2}, new double[] {3, 4})).isEqualTo(0.0);
    }

    @Test
    void tiesCountHalfAsWorkedOutByHand() {
        // Pairs (p, n): (2,1) win, (2,2) tie, (2,3) loss, (3,1) win, (3,2) win, (3,3) tie -> 3 + 2
        // * 0.5 = 4 of 6.
        assertThat(RocAuc.of(new double[] {2, 3}, new double[] {1, 2, 3})).isEqualTo(4.0 / 6);
        assertThat(RocAuc.of(new double[] {5, 5}, new double[] {5})).isEqualTo(0.5);
    }
}
