package org.fraudgraph.window;

import java.time.Duration;
import java.util.Arrays;
import org.fraudgraph.util.ByteReader;
import org.fraudgraph.util.ByteWriter;

/**
 * The times of recent events at one node (say the credit applications that gave a phone), each with
 * up to eight yes/no marks (say "the amount was round", "round and large for its payer"), answering
 * "how many, and how many marked, in the last hour / day / week?".
 *
 * <p>Bounded: events older than the retention behind the newest are dropped, and at most {@code
 * cap} are kept; past the cap the oldest go and the list is marked saturated, so its counts are
 * lower bounds. Kept in time order; insertion O(cap).
 */
public final class TimeList {
    private final int cap;
    private long[] times;
    private byte[] marks;
    private int size;
    private boolean saturated;

    private TimeList(int cap, long[] times, byte[] marks, int size, boolean saturated) {
        if (cap < 1) {
            throw new IllegalArgumentException("cap must be positive, got " + cap);
        }
        this.cap = cap;
        this.times = times;
        this.marks = marks;
        this.size = size;
        this.saturated = saturated;
    }

    public static TimeList empty(int cap) {
        return new TimeList(cap, new long[4], new byte[4], 0, false);
    }

    /** Records an event at {@code timeMillis}, forgetting events older than {@code retention}. */
    public void add(long timeMillis, boolean mark, Duration retention) {
        add(timeMillis, mark ? FIRST : 0, retention);
    }

    /** The mark {@link #add(long, boolean, Duration)} sets and {@link #markedWithin} counts. */
    public static final int FIRST = 1;

    /**
     * Records an event with its marks, the bits of {@code marks} (0 to 255), forgetting events
     * older than {@code retention}.
     */
    public void add(long timeMillis, int marks, Duration retention) {
        if ((marks & ~0xFF) != 0) {
            throw new IllegalArgumentException("marks must fit in a byte, got " + marks);
        }
        long newest = size == 0 ? timeMillis : Math.max(timeMillis, times[size - 1]);
        long keepFrom = newest - retention.toMillis();
        int drop = 0;
        while (drop < size && times[drop] < keepFrom) {
            drop++;
        }
        removeFirst(drop);
        if (timeMillis < keepFrom) {
            return;
        }
        if (size == cap) {
            saturated = true;
            if (timeMillis <= times[0]) {
                return;
            }
            removeFirst(1);
        }
        if (size == times.length) {
            times = Arrays.copyOf(times, Math.min(cap, size * 2));
            this.marks = Arrays.copyOf(this.marks, times.length);
        }
        int at = size;
        while (at > 0 && times[at - 1] > timeMillis) {
            at--;
        }
        System.arraycopy(times, at, times, at + 1, size - at);
        System.arraycopy(this.marks, at, this.marks, at + 1, size - at);
        times[at] = timeMillis;
        this.marks[at] = (byte) marks;
        size++;
    }

    /** Events in {@code (now - window, now]}. */
    public int countWithin(long nowMillis, Duration window) {
        return count(nowMillis, window, 0);
    }

    /** Events with the {@link #FIRST} mark in {@code (now - window, now]}. */
    public int markedWithin(long nowMillis, Duration window) {
        return count(nowMillis, window, FIRST);
    }

    /** Events with every mark of {@code mark} in {@code (now - window, now]}. */
    public int markedWithin(long nowMillis, Duration window, int mark) {
        return count(nowMillis, window, mark);
    }

    private int count(long nowMillis, Duration window, int mark) {
        long from = nowMillis - window.toMillis();
        int count = 0;
        for (int i = 0; i < size; i++) {
            if (times[i] > from && times[i] <= nowMillis && (marks[i] & mark) == mark) {
                count++;
            }
        }
        return count;
    }

    /** True once more than {@code cap} events were held at a time: counts are lower bounds. */
    public boolean saturated() {
        return saturated;
    }

    public int size() {
        return size;
    }

    private void removeFirst(int n) {
        if (n > 0) {
            System.arraycopy(times, n, times, 0, size - n);
            System.arraycopy(marks, n, marks, 0, size - n);
            size -= n;
        }
    }

    /**
     * Writes the list: 1 + 4 + 9 bytes an event, its marks in the ninth (a list of one mark wrote
     * it as a boolean, 0 or 1: the same byte).
     */
    public void write(ByteWriter out) {
        out.writeBoolean(saturated);
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            out.writeLong(times[i]);
            out.writeByte(marks[i]);
        }
    }

    /** Reads what {@link #write} wrote, keeping the newest {@code cap} events. */
    public static TimeList read(ByteReader in, int cap, int available) {
        boolean saturated = in.readBoolean();
        int size = in.readInt();
        if (size < 0 || size > available / 9) {
            throw new IllegalArgumentException("corrupt time list: size " + size);
        }
        long[] times = new long[Math.max(4, size)];
        byte[] marks = new byte[times.length];
        for (int i = 0; i < size; i++) {
            times[i] = in.readLong();
            marks[i] = (byte) in.readByte();
        }
        TimeList list = new TimeList(Math.max(1, cap), times, marks, size, saturated);
        if (list.size > list.cap) {
            list.saturated = true;
            list.removeFirst(list.size - list.cap);
        }
        return list;
    }
}
