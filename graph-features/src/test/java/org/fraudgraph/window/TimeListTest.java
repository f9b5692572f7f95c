package org.fraudgraph.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.fraudgraph.util.ByteReader;
import org.fraudgraph.util.ByteWriter;
import org.junit.jupiter.api.Test;

class TimeListTest {
    private static final Duration WEEK = Duration.ofDays(7);
    private static final Duration HOUR = Duration.ofHours(1);
    private static final int SECOND = 2;

    @Test
    void countsEachMarkAndBothTogetherAcrossItsBytes() {
        TimeList list = TimeList.empty(10);
        list.add(1_000, 0, WEEK);
        list.add(2_000, TimeList.FIRST, WEEK);
        list.add(3_000, TimeList.FIRST | SECOND, WEEK);
        list.add(4_000, true, WEEK);
        ByteWriter out = new ByteWriter(64);
        list.write(out);
        byte[] bytes = out.copyOfBytes();
        TimeList read = TimeList.read(new ByteReader(bytes), 10, bytes.length);

        for (TimeList l : new TimeList[] {list, read}) {
            assertThat(l.countWithin(4_000, HOUR)).isEqualTo(4);
            assertThat(l.markedWithin(4_000, HOUR)).isEqualTo(3);
            assertThat(l.markedWithin(4_000, HOUR, SECOND)).isEqualTo(1);
            assertThat(l.markedWithin(4_000, HOUR, TimeList.FIRST | SECOND)).isEqualTo(1);
            assertThat(l.markedWithin(2_500, HOUR, SECOND)).isZero();
        }
    }

    @Test
    void readsTheListsOfOneMarkWrittenAsBooleans() {
        // Before the marks: saturated, size, then each event's time and a boolean.
        ByteWriter out = new ByteWriter(64);
        out.writeBoolean(false);
        out.writeInt(2);
        out.writeLong(1_000);
        out.writeBoolean(true);
        out.writeLong(2_000);
        out.writeBoolean(false);
        byte[] bytes = out.copyOfBytes();
        TimeList read = TimeList.read(new ByteReader(bytes), 10, bytes.length);

        assertThat(read.countWithin(2_000, HOUR)).isEqualTo(2);
        assertThat(read.markedWithin(2_000, HOUR)).isEqualTo(1);
        assertThat(read.markedWithin(2_000, HOUR, SECOND)).isZero();
    }

    @Test
    void marksMustFitInAByte() {
        assertThatThrownBy(() -> TimeList.empty(4).add(1, 256, WEEK))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
