package org.fraudgraph.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NeighbourhoodTest {
    private static final long NOON = Instant.parse("2026-11-24T12:00:00Z").toEpochMilli();
    private static final Duration WEEK = Duration.ofDays(7);

    private static long minutes(long m) {
        return NOON + Duration.ofMinutes(m).toMillis();
    }

    @Test
    void countsDistinctAccountsOnADeviceWithinEachWindow() {
        Neighbourhood device = Neighbourhood.empty(256);
        device.observe(1, minutes(0), WEEK);
        device.observe(2, minutes(-120), WEEK);
        device.observe(1, minutes(-3_000), WEEK);
        device.observe(3, minutes(-3 * 24 * 60), WEEK);
        assertThat(device.distinctWithin(minutes(0), Duration.ofHours(1))).isEqualTo(1);
        assertThat(device.distinctWithin(minutes(0), Duration.ofHours(24))).isEqualTo(2);
        assertThat(device.distinctWithin(minutes(0), WEEK)).isEqualTo(3);
        assertThat(device.lastSeenMillis()).isEqualTo(minutes(0));
    }

    @Test
    void forgetsNeighboursOlderThanTheRetention() {
        Neighbourhood ip = Neighbourhood.empty(256);
        ip.observe(1, minutes(0), WEEK);
        ip.observe(2, minutes(8 * 24 * 60), WEEK);
        assertThat(ip.size()).isEqualTo(1);
        assertThat(ip.contains(1)).isFalse();
    }

    @Test
    void aHubIsCappedMarkedAndKeepsItsMostRecentNeighbours() {
        Neighbourhood natIp = Neighbourhood.empty(100);
        for (int account = 0; account < 10_000; account++) {
            natIp.observe(account, minutes(account), WEEK);
        }
        assertThat(natIp.size()).isEqualTo(100);
        assertThat(natIp.hub()).isTrue();
        assertThat(natIp.contains(9_999)).isTrue();
        assertThat(natIp.contains(0)).isFalse();
        assertThat(natIp.distinctWithin(minutes(9_999), WEEK)).isEqualTo(100);
    }

    @Test
    void survivesItsByteFormatAndRejectsCorruptBytes() {
        Neighbourhood merchant = Neighbourhood.empty(8);
        for (int account = 0; account < 12; account++) {
            merchant.observe(account * 7919L, minutes(account), WEEK);
        }
        byte[] bytes = merchant.toBytes();
        // 12 bytes a neighbour: its key and its time as an offset below the latest (in the header).
        assertThat(bytes).hasSize(14 + 12 * 8);
        Neighbourhood back = Neighbourhood.fromBytes(bytes, 8);
        assertThat(back.toBytes()).isEqualTo(bytes);
        assertThat(back.hub()).isTrue();
        assertThat(Neighbourhood.fromBytes(bytes, 4).size()).isEqualTo(4);
        assertThat(Neighbourhood.fromBytes(null, 8).size()).isZero();
        bytes[5] = 100;
        assertThatThrownBy(() -> Neighbourhood.fromBytes(bytes, 8)).hasMessageContaining("corrupt");
    }

    @Test
    void keepsEveryMillisecondThroughTheRelativeFormat() {
        Neighbourhood device = Neighbourhood.empty(16);
        long[] times = {NOON + 1, NOON - 86_400_000L * 6 - 999, NOON - 3_600_001L, NOON + 7};
        for (int i = 0; i < times.length; i++) {
            device.observe(100 + i, times[i], WEEK);
        }
        Neighbourhood back = Neighbourhood.fromBytes(device.toBytes(), 16);
        for (int i = 0; i < times.length; i++) {
            assertThat(back.seenWithin(100 + i, times[i], Duration.ofMillis(1)))
                    .as("neighbour %d at %d", i, times[i])
                    .isTrue();
            assertThat(back.seenWithin(100 + i, times[i] - 1, WEEK)).isFalse();
        }
        assertThat(back.lastSeenMillis()).isEqualTo(NOON + 7);
        assertThat(back.toBytes()).isEqualTo(device.toBytes());
    }

    @Test
    void readsTheWholeTimesFormatAndFallsBackToItForTimesFarApart() {
        // Format 1 (before 2026-12-05), by hand: format, hub, size, then key and time per
        // neighbour.
        java.nio.ByteBuffer old = java.nio.ByteBuffer.allocate(6 + 16 * 3);
        old.put((byte) 1).put((byte) 0).putInt(3);
        old.putLong(5).putLong(minutes(-30)).putLong(9).putLong(minutes(0));
        old.putLong(12).putLong(minutes(-600));
        Neighbourhood read = Neighbourhood.fromBytes(old.array(), 8);
        assertThat(read.size()).isEqualTo(3);
        assertThat(read.distinctWithin(minutes(0), Duration.ofMinutes(10))).isEqualTo(1);
        assertThat(read.distinctWithin(minutes(0), Duration.ofHours(1))).isEqualTo(2);
        assertThat(read.distinctWithin(minutes(0), Duration.ofHours(24))).isEqualTo(3);
        assertThat(read.toBytes()).hasSize(14 + 12 * 3);

        // Times more than 24 days apart do not fit 4-byte offsets: whole times, read back exactly.
        Neighbourhood apart = Neighbourhood.empty(8);
        apart.observe(1, minutes(0), Duration.ofDays(60));
        apart.observe(3, minutes(1), Duration.ofDays(60));
        apart.observe(2, minutes(30 * 24 * 60), Duration.ofDays(60));
        byte[] bytes = apart.toBytes();
        assertThat(bytes).hasSize(6 + 16 * 3);
        assertThat(bytes[0]).isEqualTo((byte) 1);
        Neighbourhood back = Neighbourhood.fromBytes(bytes, 8);
        assertThat(back.seenWithin(1, minutes(0), Duration.ofMillis(1))).isTrue();
        assertThat(back.lastSeenMillis()).isEqualTo(minutes(30 * 24 * 60));
    }
}
