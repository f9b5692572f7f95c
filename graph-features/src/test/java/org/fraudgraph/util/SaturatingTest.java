package org.fraudgraph.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SaturatingTest {
    @Test
    void sumsStopAtTheEndsOfTheRangeInsteadOfWrapping() {
        assertThat(Saturating.add(2, 3)).isEqualTo(5);
        assertThat(Saturating.add(-2, 3)).isEqualTo(1);
        assertThat(Saturating.add(Long.MAX_VALUE, 1)).isEqualTo(Long.MAX_VALUE);
        assertThat(Saturating.add(Long.MAX_VALUE - 5, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        assertThat(Saturating.add(Long.MIN_VALUE, -1)).isEqualTo(Long.MIN_VALUE);
        assertThat(Saturating.add(Long.MAX_VALUE, Long.MIN_VALUE)).isEqualTo(-1);
    }
}
