package org.fraudgraph.node;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.fraudgraph.util.ByteReader;
import org.fraudgraph.util.ByteWriter;

/**
 * The burst counts of a node's edges, one {@link BurstCounter} per account, kept in their stored
 * form: a table of fixed 32-byte entries (account key, current count, total count, last tick; big
 * endian) sorted by account key. Reading a node state only points at the table in the stored bytes;
 * an update searches it there and changes the one entry it counts (copying the table first), and
 * writing copies it back whole. So a node with many edges costs no objects per edge, and a query,
 * which never counts an edge, costs nothing at all.
 *
 * <p>At most {@code cap} entries: a new edge at the cap replaces the edge counted longest ago.
 */
final class EdgeCounters {
    private static final int ENTRY = 32;
    private static final VarHandle LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] table;
    private int offset;
    private int count;

    /** True once {@link #table} is this object's own copy, free to change. */
    private boolean owned;

    private EdgeCounters(byte[] table, int offset, int count, boolean owned) {
        this.table = table;
        this.offset = offset;
        this.count = count;
        this.owned = owned;
    }

    static EdgeCounters empty() {
        return new EdgeCounters(new byte[0], 0, 0, true);
    }

    /**
     * Points at the table {@link #write} wrote, in {@code bytes} (the array {@code in} reads);
     * {@code cap} smaller than the table drops the entries of the smallest keys.
     */
    static EdgeCounters read(ByteReader in, byte[] bytes, int cap) {
        int count = in.readInt();
        if (count < 0 || count > in.remaining() / ENTRY) {
            throw new IllegalArgumentException("corrupt node state: " + count + " edges");
        }
        int start = in.skip(count * ENTRY);
        int dropped = Math.max(0, count - cap);
        return new EdgeCounters(bytes, start + dropped * ENTRY, count - dropped, false);
    }

    void write(ByteWriter out) {
        out.writeInt(count);
        out.write(table, offset, count * ENTRY);
    }

    int size() {
        return count;
    }

    /**
     * Counts one edge to {@code account} at {@code tick}, as {@link BurstCounter#add} does, and
     * returns its score.
     */
    double add(long account, long tick, long ticksSoFar, double decay, int cap) {
        int i = search(account);
        if (i < 0) {
            if (count >= cap) {
                remove(oldest());
                i = search(account);
            }
            i = -i - 1;
            insert(i, account);
        } else {
            own(0);
        }
        int at = offset + i * ENTRY;
        BurstCounter counter = new BurstCounter();
        counter.current = Double.longBitsToDouble(get(at + 8));
        counter.total = get(at + 16);
        counter.lastTick = get(at + 24);
        double score = counter.add(tick, ticksSoFar, decay);
        LONG.set(table, at + 8, Double.doubleToRawLongBits(counter.current));
        LONG.set(table, at + 16, counter.total);
        LONG.set(table, at + 24, counter.lastTick);
        return score;
    }

    private long get(int at) {
        return (long) LONG.get(table, at);
    }

    private long key(int i) {
        return get(offset + i * ENTRY);
    }

    /**
     * As {@link Arrays#binarySearch(long[], long)}: the index, or {@code -(insertion point) - 1}.
     */
    private int search(long account) {
        int low = 0;
        int high = count - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long key = key(mid);
            if (key < account) {
                low = mid + 1;
            } else if (key > account) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -(low + 1);
    }

    /** The first entry with the smallest last tick. */
    private int oldest() {
        int oldest = 0;
        for (int i = 1; i < count; i++) {
            if (get(offset + i * ENTRY + 24) < get(offset + oldest * ENTRY + 24)) {
                oldest = i;
            }
        }
        return oldest;
    }

    /** Makes the table this object's own, at offset 0, with room for {@code more} entries. */
    private void own(int more) {
        int needed = (count + more) * ENTRY;
        if (owned && offset == 0 && table.length >= needed) {
            return;
        }
        byte[] copy = new byte[Math.max(needed, count * ENTRY + ENTRY)];
        System.arraycopy(table, offset, copy, 0, count * ENTRY);
        table = copy;
        offset = 0;
        owned = true;
    }

    private void insert(int i, long account) {
        own(1);
        System.arraycopy(table, i * ENTRY, table, (i + 1) * ENTRY, (count - i) * ENTRY);
        int at = i * ENTRY;
        LONG.set(table, at, account);
        LONG.set(table, at + 8, Double.doubleToRawLongBits(0.0));
        LONG.set(table, at + 16, 0L);
        LONG.set(table, at + 24, Long.MIN_VALUE);
        count++;
    }

    private void remove(int i) {
        own(0);
        System.arraycopy(table, (i + 1) * ENTRY, table, i * ENTRY, (count - i - 1) * ENTRY);
        count--;
    }
}
