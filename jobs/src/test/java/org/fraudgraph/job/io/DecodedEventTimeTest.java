package org.fraudgraph.job.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("hostile")
class DecodedEventTimeTest {
    private static final long MINUTE = Duration.ofMinutes(1).toMillis();

    @Test
    void anEventIsNeverPlacedAfterItReachedTheBroker() {
        long arrived = System.currentTimeMillis() - 10 * MINUTE;
        // Stamped 50 minutes ahead of its arrival: placed at its arrival.
        assertThat(DecodedEventTime.trusted(arrived + 50 * MINUTE, arrived)).isEqualTo(arrived);
        // An honest event happened before it arrived: its own time stands.
        assertThat(DecodedEventTime.trusted(arrived - 3 * MINUTE, arrived))
                .isEqualTo(arrived - 3 * MINUTE);
    }

    @Test
    void withoutAPlausibleRecordTimestampTheWallClockBoundsIt() {
        long before = System.currentTimeMillis();
        long placed = DecodedEventTime.trusted(before + 50 * MINUTE, -1);
        assertThat(placed).isBetween(before, System.currentTimeMillis());
        // A record stamped in 1970 by a forged producer is no arrival time.
        assertThat(DecodedEventTime.trusted(before - MINUTE, 5)).isEqualTo(before - MINUTE);
        // Nor may a record timestamp ahead of the wall clock move an event ahead.
        long placedAhead = DecodedEventTime.trusted(before + 50 * MINUTE, before + 40 * MINUTE);
        assertThat(placedAhead).isLessThanOrEqualTo(System.currentTimeMillis());
    }
}
