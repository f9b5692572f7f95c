package org.fraudgraph.window;

import java.time.Duration;
import java.util.Arrays;
import org.fraudgraph.util.ByteReader;
import org.fraudgraph.util.ByteWriter;

/**
 * The distinct neighbours of one graph node (say the accounts seen on a device) with the last time
 * each was seen, answering "how many distinct accounts in the last hour / day / week?".
 *
 * <p>Bounded: entries older than the longest window are dropped on every update, and at most {@code
 * cap} neighbours are kept. A node that would exceed the cap (a carrier NAT IP, a big merchant) is
 * marked a hub and loses its least-recently-seen neighbours, so its counts saturate at the cap
 * instead of growing without limit: answers for a hub are lower bounds. Update O(cap), query
 * O(size). Neighbours are 64-bit keys (a hash of their id), kept sorted by key.
 *
 * <p>Serialises to a compact byte array for one state read and one write per update: 12 bytes a
 * neighbour (its key, and its time as an offset below the latest time) plus a 14-byte header. A
 * neighbourhood of at most two neighbours (where that is no shorter), or whose times lie more than
 * 24 days apart (only possible while nothing updated it), is written with whole 8-byte times
 * instead (16 bytes a neighbour, 6-byte header), the format before 2026-12-05, which is still read.
 *
 * <pre>{@code
 * Neighbourhood accounts = Neighbourhood.empty(256);
 * accounts.observe(keyOf(accountId), eventMillis, Duration.ofDays(7));
 * int lastDay = accounts.distinctWithin(eventMillis, Duration.ofDays(1));
 * }</pre>
 */
public final class Neighbourhood {
    /** Times as 8-byte epoch milliseconds. */
    private static final byte FORMAT_WHOLE_TIMES = 1;

    /** The latest time once, then each time as a 4-byte offset below it. */
    private static final byte FORMAT_RELATIVE_TIMES = 2;

    private static final int WHOLE_HEADER = 6;
    private static final int RELATIVE_HEADER = 14;

    private final int cap;
    private long[] keys;
    private long[] lastSeen;
    private int size;
    private boolean hub;

    private Neighbourhood(int cap, long[] keys, long[] lastSeen, int size, boolean hub) {
        if (cap < 1) {
            throw new IllegalArgumentException("cap must be positive, got " + cap);
        }
        this.cap = cap;
        this.keys = keys;
        this.lastSeen = lastSeen;
        this.size = size;
        this.hub = hub;
    }

    public static Neighbourhood empty(int cap) {
        return new Neighbourhood(cap, new long[4], new long[4], 0, false);
    }

    /**
     * Records that {@code neighbour} was seen at {@code timeMillis}, forgetting neighbours not seen
     * within {@code retention} of it.
     */
    public void observe(long neighbour, long timeMillis, Duration retention) {
        expire(timeMillis - retention.toMillis());
        int i = Arrays.binarySearch(keys, 0, size, neighbour);
        if (i >= 0) {
            lastSeen[i] = Math.max(lastSeen[i], timeMillis);
            return;
        }
        if (size == cap) {
            hub = true;
            removeAt(oldest());
            i = Arrays.binarySearch(keys, 0, size, neighbour);
        }
        int at = -i - 1;
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, Math.min(cap, size * 2));
            lastSeen = Arrays.copyOf(lastSeen, keys.length);
        }
        System.arraycopy(keys, at, keys, at + 1, size - at);
        System.arraycopy(lastSeen, at, lastSeen, at + 1, size - at);
        keys[at] = neighbour;
        lastSeen[at] = timeMillis;
        size++;
    }

    /** Distinct neighbours seen in {@code (now - window, now]}. */
    public int distinctWithin(long nowMillis, Duration window) {
        long from = nowMillis - window.toMillis();
        int count = 0;
        for (int i = 0; i < size; i++) {
            if (lastSeen[i] > from && lastSeen[i] <= nowMillis) {
                count++;
            }
        }
        return count;
    }

    /** The neighbours seen in {@code (now - window, now]}, ascending. */
    public long[] keysWithin(long nowMillis, Duration window) {
        long from = nowMillis - window.toMillis();
        long[] out = new long[distinctWithin(nowMillis, window)];
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (lastSeen[i] > from && lastSeen[i] <= nowMillis) {
                out[n++] = keys[i];
            }
        }
        return out;
    }

    /** True when {@code neighbour} was seen in {@code (now - window, now]}. */
    public boolean seenWithin(long neighbour, long nowMillis, Duration window) {
        int i = Arrays.binarySearch(keys, 0, size, neighbour);
        return i >= 0 && lastSeen[i] > nowMillis - window.toMillis() && lastSeen[i] <= nowMillis;
    }

    public boolean contains(long neighbour) {
        return Arrays.binarySearch(keys, 0, size, neighbour) >= 0;
    }

    /**
     * True once the node has had more than {@code cap} neighbours at a time: its counts are lower
     * bounds.
     */
    public boolean hub() {
        return hub;
    }

    public int size() {
        return size;
    }

    /** Latest time any neighbour was seen, or {@link Long#MIN_VALUE} when empty. */
    public long lastSeenMillis() {
        long latest = Long.MIN_VALUE;
        for (int i = 0; i < size; i++) {
            latest = Math.max(latest, lastSeen[i]);
        }
        return latest;
    }

    private void expire(long before) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (lastSeen[i] >= before) {
                keys[kept] = keys[i];
                lastSeen[kept] = lastSeen[i];
                kept++;
            }
        }
        size = kept;
    }

    private int oldest() {
        int oldest = 0;
        for (int i = 1; i < size; i++) {
            if (lastSeen[i] < lastSeen[oldest]) {
                oldest = i;
            }
        }
        return oldest;
    }

    private void removeAt(int i) {
        System.arraycopy(keys, i + 1, keys, i, size - i - 1);
        System.arraycopy(lastSeen, i + 1, lastSeen, i, size - i - 1);
        size--;
    }

    public byte[] toBytes() {
        ByteWriter out = new ByteWriter(RELATIVE_HEADER + 16 * size);
        write(out);
        return out.toByteArray();
    }

    /** Writes the format of {@link #toBytes()} to a stream that holds more than this. */
    public void write(ByteWriter out) {
        long latest = Long.MIN_VALUE;
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            latest = Math.max(latest, lastSeen[i]);
            earliest = Math.min(earliest, lastSeen[i]);
        }
        long spread = latest - earliest;
        // With two neighbours or fewer, whole times take no more room than the latest and offsets.
        boolean relative = size > 2 && spread >= 0 && spread <= Integer.MAX_VALUE;
        out.writeByte(relative ? FORMAT_RELATIVE_TIMES : FORMAT_WHOLE_TIMES);
        out.writeByte(hub ? 1 : 0);
        out.writeInt(size);
        if (relative) {
            out.writeLong(latest);
            for (int i = 0; i < size; i++) {
                out.writeLong(keys[i]);
                out.writeInt((int) (latest - lastSeen[i]));
            }
        } else {
            for (int i = 0; i < size; i++) {
                out.writeLong(keys[i]);
                out.writeLong(lastSeen[i]);
            }
        }
    }

    /** Reads {@link #toBytes()}; {@code null} or empty bytes give an empty neighbourhood. */
    public static Neighbourhood fromBytes(byte[] bytes, int cap) {
        if (bytes == null || bytes.length == 0) {
            return empty(cap);
        }
        return read(new ByteReader(bytes), cap, bytes.length);
    }

    /**
     * Reads what {@link #write} wrote; {@code available} bounds the size a corrupt header may
     * claim.
     */
    public static Neighbourhood read(ByteReader in, int cap, int available) {
        byte format = in.readByte();
        if (format != FORMAT_WHOLE_TIMES && format != FORMAT_RELATIVE_TIMES) {
            throw new IllegalArgumentException("unknown neighbourhood format " + format);
        }
        boolean relative = format == FORMAT_RELATIVE_TIMES;
        boolean hub = in.readByte() == 1;
        int size = in.readInt();
        int most = relative ? (available - RELATIVE_HEADER) / 12 : (available - WHOLE_HEADER) / 16;
        if (size < 0 || size > most) {
            throw new IllegalArgumentException(
                    "corrupt neighbourhood: size " + size + " in " + available + " bytes");
        }
        long[] keys = new long[Math.max(4, size)];
        long[] lastSeen = new long[keys.length];
        if (relative) {
            long latest = in.readLong();
            for (int i = 0; i < size; i++) {
                keys[i] = in.readLong();
                lastSeen[i] = latest - (in.readInt() & 0xFFFFFFFFL);
            }
        } else {
            for (int i = 0; i < size; i++) {
                keys[i] = in.readLong();
                lastSeen[i] = in.readLong();
            }
        }
        Neighbourhood n = new Neighbourhood(Math.max(1, cap), keys, lastSeen, size, hub);
        // A smaller cap than when written: keep the most recent neighbours.
        while (n.size > n.cap) {
            n.hub = true;
            n.removeAt(n.oldest());
        }
        return n;
    }
}
