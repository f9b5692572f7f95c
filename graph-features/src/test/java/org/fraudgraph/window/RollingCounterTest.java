package org.fraudgraph.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RollingCounterTest {
    private static final Duration DAY = Duration.ofHours(24);
    private static final Duration HOUR = Duration.ofHours(1);
    private static final long MONDAY_9AM = Instant.parse("2026-11-23T09:00:00Z").toEpochMilli();

    private static long at(Duration offset) {
        return MONDAY_9AM + offset.toMillis();
    }

    @Test
    void sumsEventsAndAmountsWithinTwentyFourHours() {
        RollingCounter counter = new RollingCounter();
        counter.add(at(Duration.ZERO), 100, DAY, HOUR);
        counter.add(at(Duration.ofMinutes(30)), 250, DAY, HOUR);
        RollingCounter.Totals totals = counter.add(at(Duration.ofHours(5)), 1_000, DAY, HOUR);
        assertThat(totals).isEqualTo(new RollingCounter.Totals(3, 1_350));
    }

    @Test
    void forgetsEventsOlderThanTheWindowAndStaysBounded() {
        RollingCounter counter = new RollingCounter();
        for (int hour = 0; hour < 100; hour++) {
            counter.add(at(Duration.ofHours(hour)), 10, DAY, HOUR);
        }
        assertThat(counter.size()).isEqualTo(24);
        RollingCounter.Totals next = counter.add(at(Duration.ofHours(100)), 10, DAY, HOUR);
        assertThat(next.events()).isEqualTo(24);
        RollingCounter.Totals dayLater = counter.add(at(Duration.ofHours(130)), 7, DAY, HOUR);
        assertThat(dayLater).isEqualTo(new RollingCounter.Totals(1, 7));
        assertThat(counter.size()).isEqualTo(1);
    }

    @Test
    void countsALateEventInsideTheWindowButNotOneBehindIt() {
        RollingCounter counter = new RollingCounter();
        counter.add(at(Duration.ofHours(30)), 10, DAY, HOUR);
        RollingCounter.Totals late = counter.add(at(Duration.ofHours(20)), 5, DAY, HOUR);
        assertThat(late).isEqualTo(new RollingCounter.Totals(1, 5));
        RollingCounter.Totals tooLate = counter.add(at(Duration.ofHours(2)), 5, DAY, HOUR);
        assertThat(tooLate.events()).isZero();
        assertThat(counter.add(at(Duration.ofHours(31)), 1, DAY, HOUR))
                .isEqualTo(new RollingCounter.Totals(3, 16));
    }

    @Test
    void rejectsABucketWiderThanTheWindow() {
        assertThatThrownBy(() -> new RollingCounter().add(0, 1, HOUR, DAY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bucket <= window");
    }

    @Test
    void anAccountsSpendingNeverTurnsNegativeHoweverLargeItsPayments() {
        RollingCounter hour = new RollingCounter();
        Duration window = Duration.ofHours(1);
        Duration bucket = Duration.ofMinutes(5);
        long big = (1L << 53) - 1;
        RollingCounter.Totals totals = null;
        for (int i = 0; i < 2_000; i++) {
            totals = hour.add(1_000_000L + i, big, window, bucket);
        }
        assertThat(totals.amountMinor()).isEqualTo(Long.MAX_VALUE);
        assertThat(totals.events()).isEqualTo(2_000);
    }
}
