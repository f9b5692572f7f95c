package org.fraudgraph.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.fraudgraph.util.ByteReader;
import org.fraudgraph.util.ByteWriter;
import org.junit.jupiter.api.Test;

class EdgeCountersTest {
    private static final double DECAY = 0.5;

    private static byte[] bytesOf(EdgeCounters edges) {
        ByteWriter out = new ByteWriter(16);
        out.writeLong(42); // something before the table, as in a node state
        edges.write(out);
        out.writeLong(43); // and after it
        return out.toByteArray();
    }

    private static EdgeCounters readBack(byte[] bytes, int cap) {
        ByteReader in = new ByteReader(bytes);
        assertThat(in.readLong()).isEqualTo(42);
        EdgeCounters edges = EdgeCounters.read(in, bytes, cap);
        assertThat(in.readLong()).isEqualTo(43);
        return edges;
    }

    /**
     * The same scores as one {@link BurstCounter} per account with the edge counted longest ago
     * (the smallest key among equals) making room at the cap, through writes and reads between
     * updates; and reading never changes the bytes it was read from.
     */
    @Test
    void countsAsOneBurstCounterPerEdgeAndForgetsTheEdgeCountedLongestAgo() {
        int cap = 16;
        Random random = new Random(7);
        TreeMap<Long, BurstCounter> reference = new TreeMap<>();
        EdgeCounters edges = EdgeCounters.empty();
        long tick = 110;
        int evictions = 0;
        for (int i = 0; i < 5_000; i++) {
            long account = random.nextInt(40) - 20;
            tick += random.nextInt(10) == 0 ? 1 : 0;
            long at = random.nextInt(20) == 0 ? tick - 3 : tick; // now and then a late event
            long ticks = at - 99;
            if (!reference.containsKey(account) && reference.size() >= cap) {
                long oldest = reference.firstKey();
                for (Map.Entry<Long, BurstCounter> e : reference.entrySet()) {
                    if (e.getValue().lastTick < reference.get(oldest).lastTick) {
                        oldest = e.getKey();
                    }
                }
                reference.remove(oldest);
                evictions++;
            }
            double expected =
                    reference
                            .computeIfAbsent(account, k -> new BurstCounter())
                            .add(at, ticks, DECAY);
            assertThat(edges.add(account, at, ticks, DECAY, cap))
                    .as("update %d", i)
                    .isEqualTo(expected);
            assertThat(edges.size()).isEqualTo(reference.size());
            if (i % 7 == 0) {
                byte[] stored = bytesOf(edges);
                byte[] kept = stored.clone();
                edges = readBack(stored, cap);
                edges.add(account, at + 1, ticks + 1, DECAY, cap);
                reference.get(account).add(at + 1, ticks + 1, DECAY);
                assertThat(stored).as("the stored bytes after an update").isEqualTo(kept);
            }
        }
        assertThat(evictions).isGreaterThan(100);
        ByteWriter expected = new ByteWriter(16);
        expected.writeLong(42);
        expected.writeInt(reference.size());
        reference.forEach(
                (account, counter) -> {
                    expected.writeLong(account);
                    counter.write(expected);
                });
        expected.writeLong(43);
        assertThat(bytesOf(edges)).isEqualTo(expected.toByteArray());
    }

    @Test
    void aSmallerCapThanWhenWrittenKeepsTheLargestKeys() {
        EdgeCounters edges = EdgeCounters.empty();
        for (long account = 1; account <= 5; account++) {
            edges.add(account, 1, 1, DECAY, 8);
        }
        EdgeCounters smaller = readBack(bytesOf(edges), 3);
        assertThat(smaller.size()).isEqualTo(3);
        // Account 1 was dropped: at tick 2 it counts as a first edge, (1 - 1/2)^2 * 4 / 1 = 1.
        assertThat(smaller.add(1, 2, 2, DECAY, 4)).isEqualTo(1.0);
        // Account 5 was kept: current 1 * 0.5 + 1, total 2: (1.5 - 1)^2 * 4 / 2 = 0.5.
        assertThat(smaller.add(5, 2, 2, DECAY, 4)).isEqualTo(0.5);
    }

    @Test
    void aTableLongerThanItsBytesIsCorrupt() {
        ByteWriter out = new ByteWriter(16);
        out.writeInt(3);
        out.writeLong(1);
        byte[] bytes = out.toByteArray();
        assertThatThrownBy(() -> EdgeCounters.read(new ByteReader(bytes), bytes, 16))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 edges");
    }
}
