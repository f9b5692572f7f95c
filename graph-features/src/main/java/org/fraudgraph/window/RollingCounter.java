package org.fraudgraph.window;

import java.time.Duration;
import java.util.Arrays;
import org.fraudgraph.util.ByteReader;
import org.fraudgraph.util.ByteWriter;
import org.fraudgraph.util.Saturating;

/**
 * Event count and amount over a rolling window, kept in fixed-width time buckets.
 *
 * <p>Bounded: it never holds more than {@code window / bucket + 1} buckets; buckets that fall out
 * of the window behind the newest event are dropped on every update. An event older than the window
 * (behind the newest bucket) is not counted. Cost of {@link #add}: O(buckets).
 *
 * <p>A mutable value with public array fields and a no-argument constructor so stream processors
 * can serialize it field by field. Not thread-safe.
 *
 * <pre>{@code
 * RollingCounter counter = new RollingCounter();
 * RollingCounter.Totals totals = counter.add(eventMillis, amountMinor, Duration.ofHours(24), Duration.ofHours(1));
 * }</pre>
 */
public final class RollingCounter {
    /** Start of each bucket in epoch millis, ascending. */
    public long[] bucketStartMillis = new long[0];

    /** Events per bucket. */
    public long[] events = new long[0];

    /** Amount per bucket, minor units. */
    public long[] amountMinor = new long[0];

    /** Events and amount in the window that ends at the event just added. */
    public record Totals(long events, long amountMinor) {}

    public RollingCounter() {}

    /**
     * Adds one event and returns the totals of the window {@code (time - window, time]}, the event
     * included when it was counted.
     */
    public Totals add(long timeMillis, long amount, Duration window, Duration bucket) {
        long width = bucket.toMillis();
        long windowMillis = window.toMillis();
        if (width <= 0 || windowMillis < width) {
            throw new IllegalArgumentException(
                    "need 0 < bucket <= window, got bucket=" + bucket + " window=" + window);
        }
        long start = Math.floorDiv(timeMillis, width) * width;
        long newest =
                bucketStartMillis.length == 0 ? start : Math.max(start, last(bucketStartMillis));
        dropBefore(newest - windowMillis + width);
        if (start > newest - windowMillis) {
            int i = Arrays.binarySearch(bucketStartMillis, start);
            if (i < 0) {
                i = insertAt(-i - 1, start);
            }
            events[i]++;
            amountMinor[i] = Saturating.add(amountMinor[i], amount);
        }
        return totalsAt(timeMillis, windowMillis, width);
    }

    /**
     * Totals of the buckets that overlap {@code (time - window, time]}, for a window no longer than
     * the one the counter keeps.
     */
    public Totals totals(long timeMillis, Duration window, Duration bucket) {
        return totalsAt(timeMillis, window.toMillis(), bucket.toMillis());
    }

    /** Writes the buckets: 4 + 24 bytes a bucket. */
    public void write(ByteWriter out) {
        out.writeInt(bucketStartMillis.length);
        for (int i = 0; i < bucketStartMillis.length; i++) {
            out.writeLong(bucketStartMillis[i]);
            out.writeLong(events[i]);
            out.writeLong(amountMinor[i]);
        }
    }

    /** Reads what {@link #write} wrote. */
    public static RollingCounter read(ByteReader in, int available) {
        int n = in.readInt();
        if (n < 0 || n > available / 24) {
            throw new IllegalArgumentException("corrupt counter: " + n + " buckets");
        }
        RollingCounter c = new RollingCounter();
        c.bucketStartMillis = new long[n];
        c.events = new long[n];
        c.amountMinor = new long[n];
        for (int i = 0; i < n; i++) {
            c.bucketStartMillis[i] = in.readLong();
            c.events[i] = in.readLong();
            c.amountMinor[i] = in.readLong();
        }
        return c;
    }

    /** Totals of the buckets that overlap {@code (time - window, time]}. */
    private Totals totalsAt(long timeMillis, long windowMillis, long width) {
        long from = Math.floorDiv(timeMillis - windowMillis, width) * width + width;
        long count = 0;
        long amount = 0;
        for (int i = 0; i < bucketStartMillis.length; i++) {
            if (bucketStartMillis[i] >= from && bucketStartMillis[i] <= timeMillis) {
                count += events[i];
                amount = Saturating.add(amount, amountMinor[i]);
            }
        }
        return new Totals(count, amount);
    }

    /** Start of the newest bucket, or {@link Long#MIN_VALUE} when empty. */
    public long newestBucketMillis() {
        return bucketStartMillis.length == 0 ? Long.MIN_VALUE : last(bucketStartMillis);
    }

    public int size() {
        return bucketStartMillis.length;
    }

    public boolean isEmpty() {
        return bucketStartMillis.length == 0;
    }

    private void dropBefore(long minStart) {
        int keepFrom = 0;
        while (keepFrom < bucketStartMillis.length && bucketStartMillis[keepFrom] < minStart) {
            keepFrom++;
        }
        if (keepFrom > 0) {
            bucketStartMillis =
                    Arrays.copyOfRange(bucketStartMillis, keepFrom, bucketStartMillis.length);
            events = Arrays.copyOfRange(events, keepFrom, events.length);
            amountMinor = Arrays.copyOfRange(amountMinor, keepFrom, amountMinor.length);
        }
    }

    private int insertAt(int index, long start) {
        bucketStartMillis = insert(bucketStartMillis, index, start);
        events = insert(events, index, 0);
        amountMinor = insert(amountMinor, index, 0);
        return index;
    }

    private static long[] insert(long[] array, int index, long value) {
        long[] out = new long[array.length + 1];
        System.arraycopy(array, 0, out, 0, index);
        out[index] = value;
        System.arraycopy(array, index, out, index + 1, array.length - index);
        return out;
    }

    private static long last(long[] array) {
        return array[array.length - 1];
    }
}
