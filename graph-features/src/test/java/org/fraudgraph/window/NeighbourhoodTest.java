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
        assertThat(bytes).hasSize(6 + 16 * 8);
        Neighbourhood back = Neighbourhood.fromBytes(bytes, 8);
        assertThat(back.toBytes()).isEqualTo(bytes);
        assertThat(back.hub()).isTrue();
        assertThat(Neighbourhood.fromBytes(bytes, 4).size()).isEqualTo(4);
        assertThat(Neighbourhood.fromBytes(null, 8).size()).isZero();
        bytes[5] = 100;
        assertThatThrownBy(() -> Neighbourhood.fromBytes(bytes, 8)).hasMessageContaining("corrupt");
    }
}
