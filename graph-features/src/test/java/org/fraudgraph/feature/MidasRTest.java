package org.fraudgraph.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MidasRTest {
    @Test
    void chiSquaredFollowsThePublishedFormula() {
        assertThat(MidasR.chiSquared(5, 10, 4))
                .isEqualTo(((5 - 10 / 4.0) * 4) * ((5 - 10 / 4.0) * 4) / (10 * 3));
        assertThat(MidasR.chiSquared(3, 0, 4)).isZero();
        assertThat(MidasR.chiSquared(3, 3, 1)).isZero();
    }

    @Test
    void aSuddenBurstOfPaymentsToOneMerchantStandsOut() {
        MidasR midas = new MidasR(2, 1024, 0.5, 7);
        double steady = 0;
        for (long minute = 1; minute <= 100; minute++) {
            for (int account = 0; account < 20; account++) {
                double score = midas.score(account, 1_000 + account % 5, minute);
                if (minute > 10) {
                    steady = Math.max(steady, score);
                }
            }
        }
        double burst = 0;
        for (int i = 0; i < 50; i++) {
            burst = Math.max(burst, midas.score(7, 9_999, 101));
        }
        assertThat(burst).isGreaterThan(10 * steady);
    }

    @Test
    void ticksMustNotGoBack() {
        MidasR midas = new MidasR(2, 64, 0.5, 1);
        midas.score(1, 2, 5);
        assertThatThrownBy(() -> midas.score(1, 2, 4)).hasMessageContaining("tick went back");
    }

    @Test
    void countMinNeverUnderestimates() {
        CountMinSketch sketch = new CountMinSketch(2, 16, 3);
        for (long key = 0; key < 100; key++) {
            sketch.add(key, key);
        }
        for (long key = 0; key < 100; key++) {
            assertThat(sketch.estimate(key)).isGreaterThanOrEqualTo(key);
        }
        sketch.scale(0.5);
        assertThat(sketch.estimate(99)).isGreaterThanOrEqualTo(49.5);
    }
}
