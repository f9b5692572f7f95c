package org.fraudgraph.job.state;

import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.state.ValueState;

/**
 * A keyed {@code ValueState<byte[]>} with a bounded cache in front of it (evicting the entries not
 * used lately, see {@link #evictOne}), one per subtask: a read of a key this subtask read or wrote
 * lately skips RocksDB, and, once an operator binds it ({@link #writeBack}), so do the writes until
 * the next checkpoint.
 *
 * <p>Why: the node stage reads and writes a node's state for each of an event's seven edges, and
 * the same hot nodes (an active account's device and IP, a busy merchant, a /24) again and again
 * within seconds; a RocksDB read or write (JNI, copies, the TTL wrapper, and for writes the flushes
 * and compactions behind them on the same two cores) costs more than the feature logic.
 *
 * <p>A written value goes to the state once it has rested {@code maxDirtyMillis} unchanged in the
 * cache, so the barrier's flush writes only the values of the last moments: a busy key is written
 * about once per that delay instead of once per event, and the stream stalls at a barrier for those
 * few values only.
 *
 * <p>Why it keeps every result and every checkpoint the same:
 *
 * <ul>
 *   <li>write-through (no {@code WriteBackOperator} bound it, e.g. a function run in a plain keyed
 *       process operator): every write and clear goes to the state and the cache, so a cached value
 *       is exactly what RocksDB holds;
 *   <li>write-back: a write stays in the cache, marked dirty, until {@link #flush()} writes every
 *       dirty value to the state; the operator flushes before each checkpoint barrier leaves it
 *       ({@code prepareSnapshotPreBarrier}), so every checkpoint and savepoint holds every update
 *       before its barrier, as without the cache. A dirty value the cache must evict is written to
 *       the state then, under its own key. A restore or a rescale starts with an empty cache.
 * </ul>
 *
 * Only bytes nobody changes in place may be kept: the node and account states read their bytes and
 * write new arrays. A clean value is served for at most {@code maxAgeMillis} after it was read or
 * written (processing time), so the state TTL's "never return expired" still holds to within that
 * age (minutes against a TTL of weeks); the TTL's clock starts at the flush.
 *
 * <p>Use it only for the keyed function's current key:
 *
 * <pre>{@code
 * byte[] bytes = cache.value(ctx.getCurrentKey());
 * cache.update(ctx.getCurrentKey(), after);
 * }</pre>
 */
public final class CachedValueState {
    /**
     * Bytes counted for one cached entry besides its key's and value's: map node, entry, ring slot,
     * headers.
     */
    static final int ENTRY_OVERHEAD = 96;

    private final ValueState<byte[]> state;
    private final Limits limits;
    private final LongSupplier clock;

    /**
     * The cached keys. A plain hash map: an access-ordered {@code LinkedHashMap} relinks two
     * neighbours, cold in memory, on every read, and was the node stage's largest cost.
     */
    private final HashMap<String, Entry> entries = new HashMap<>(1024);

    /** Every cached entry at its {@link Entry#slot}, swept by the eviction clock; gaps are null. */
    private Entry[] ring = new Entry[1024];

    private int ringEnd;
    private int[] freeSlots = new int[64];
    private int freeCount;
    private int hand;

    /** One mark per write-back write, oldest first; marks no longer current are skipped. */
    private final ArrayDeque<DirtyMark> dirtyOrder = new ArrayDeque<>();

    private KeySwitch keys;
    private long bytes;
    private long dirty;
    private long hits;
    private long misses;
    private long writes;

    /**
     * The cache's bounds.
     *
     * @param maxBytes the cache's size (keys, values and bookkeeping) per subtask; 0 turns it off
     * @param maxAgeMillis how long a clean value is served from the cache after it was read or
     *     written
     * @param maxDirtyMillis how long a written value may rest unchanged in the cache before it is
     *     written to the state: short keeps the work at the checkpoint barrier (which holds up the
     *     stream) small, long writes a busy key fewer times
     */
    public record Limits(long maxBytes, long maxAgeMillis, long maxDirtyMillis)
            implements Serializable {
        public Limits {
            if (maxDirtyMillis <= 0) {
                throw new IllegalArgumentException(
                        "cache write delay must be positive: " + maxDirtyMillis);
            }
            if (maxBytes < 0) {
                throw new IllegalArgumentException("cache size must not be negative: " + maxBytes);
            }
            if (maxAgeMillis <= 0) {
                throw new IllegalArgumentException("cache age must be positive: " + maxAgeMillis);
            }
        }

        /** No cache: every read and write goes to the state. */
        public static Limits off() {
            return new Limits(0, 1, 1);
        }

        /**
         * A cache of this many MiB; a clean value is served for up to 10 minutes, a written one is
         * written to the state once it has rested {@code writeDelay}.
         */
        public static Limits of(int megabytes, Duration writeDelay) {
            return new Limits(megabytes * 1024L * 1024L, 10 * 60_000L, writeDelay.toMillis());
        }
    }

    /** How the cache writes a key other than the current one: the keyed operator's key context. */
    public interface KeySwitch {
        Object currentKey();

        void setCurrentKey(Object key);
    }

    private static final class Entry {
        final String key;
        byte[] value;

        /** When the value was read from or last written to the state, or written to the cache. */
        long storedAtMillis;

        /** The value is newer than the state's; {@link #mark} is its place in the write queue. */
        boolean dirty;

        DirtyMark mark;

        /** Read or written since the eviction clock last passed: spared once. */
        boolean referenced = true;

        int slot;

        Entry(String key, byte[] value, long storedAtMillis) {
            this.key = key;
            this.value = value;
            this.storedAtMillis = storedAtMillis;
        }
    }

    /** A write waiting in the queue: current while its entry's {@link Entry#mark} is this. */
    private record DirtyMark(Entry entry, long writtenAtMillis) {
        boolean current() {
            return entry.mark == this;
        }
    }

    public CachedValueState(ValueState<byte[]> state, Limits limits) {
        this(state, limits, System::currentTimeMillis);
    }

    CachedValueState(ValueState<byte[]> state, Limits limits, LongSupplier clock) {
        this.state = state;
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * From now on, writes stay in the cache until {@link #flush()} (or an eviction) writes them;
     * the caller must flush before every checkpoint. No effect when the cache is off.
     */
    public void writeBack(KeySwitch keySwitch) {
        this.keys = keySwitch;
    }

    /** The current key's bytes ({@code key} must be the current key), or {@code null}. */
    public byte[] value(String key) throws IOException {
        if (limits.maxBytes() == 0) {
            return state.value();
        }
        Entry e = entries.get(key);
        if (e != null
                && (e.dirty || clock.getAsLong() - e.storedAtMillis < limits.maxAgeMillis())) {
            e.referenced = true;
            hits++;
            return e.value;
        }
        misses++;
        byte[] value = state.value();
        if (value == null) {
            if (e != null) {
                remove(e);
            }
        } else {
            put(key, e, value, false);
        }
        return value;
    }

    /**
     * Writes the current key's bytes: to the cache, and to the state unless writing back; when
     * writing back, also writes the values that have rested in the cache long enough.
     */
    public void update(String key, byte[] value) throws IOException {
        if (value == null) {
            clear(key);
            return;
        }
        if (limits.maxBytes() == 0) {
            state.update(value);
            writes++;
            return;
        }
        boolean writeBack = keys != null;
        if (!writeBack) {
            state.update(value);
            writes++;
        }
        put(key, entries.get(key), value, writeBack);
        if (writeBack) {
            writeRested();
        }
    }

    /** Clears the current key in the state and the cache. */
    public void clear(String key) {
        state.clear();
        if (limits.maxBytes() > 0) {
            Entry e = entries.get(key);
            if (e != null) {
                remove(e);
            }
        }
    }

    /** Writes every value changed since the last flush to the state. */
    public void flush() throws IOException {
        if (dirty == 0) {
            dirtyOrder.clear();
            return;
        }
        Object current = keys.currentKey();
        long now = clock.getAsLong();
        try {
            for (DirtyMark mark : dirtyOrder) {
                if (mark.current()) {
                    store(mark.entry(), now);
                }
            }
        } finally {
            restore(current);
        }
        dirtyOrder.clear();
    }

    /** Writes the values written to the cache at least {@code maxDirtyMillis} ago. */
    private void writeRested() throws IOException {
        long now = clock.getAsLong();
        Object current = null;
        try {
            DirtyMark head;
            while ((head = dirtyOrder.peek()) != null) {
                if (head.current()) {
                    if (now - head.writtenAtMillis() < limits.maxDirtyMillis()) {
                        break;
                    }
                    if (current == null) {
                        current = keys.currentKey();
                    }
                    store(head.entry(), now);
                }
                dirtyOrder.poll();
            }
        } finally {
            restore(current);
        }
    }

    /** Writes a dirty entry's value to the state under its own key; the entry is clean after. */
    private void store(Entry e, long now) throws IOException {
        keys.setCurrentKey(e.key);
        state.update(e.value);
        writes++;
        e.dirty = false;
        e.mark = null;
        e.storedAtMillis = now;
        dirty--;
    }

    private void restore(Object key) {
        if (key != null) {
            keys.setCurrentKey(key);
        }
    }

    /** Puts a value in the cache, in {@code e} if the key has an entry already, then evicts. */
    private void put(String key, Entry e, byte[] value, boolean isDirty) throws IOException {
        long now = clock.getAsLong();
        if (e == null) {
            e = new Entry(key, value, now);
            entries.put(key, e);
            place(e);
            bytes += size(key, value);
        } else {
            bytes += value.length - e.value.length;
            e.value = value;
            e.storedAtMillis = now;
            e.referenced = true;
        }
        if (isDirty) {
            if (!e.dirty) {
                e.dirty = true;
                dirty++;
            }
            e.mark = new DirtyMark(e, now);
            dirtyOrder.add(e.mark);
        } else if (e.dirty) {
            e.dirty = false;
            e.mark = null;
            dirty--;
        }
        if (bytes > limits.maxBytes()) {
            evict();
        }
    }

    /** Gives the entry a slot in the eviction ring. */
    private void place(Entry e) {
        int slot;
        if (freeCount > 0) {
            slot = freeSlots[--freeCount];
        } else {
            if (ringEnd == ring.length) {
                ring = Arrays.copyOf(ring, ring.length * 2);
            }
            slot = ringEnd++;
        }
        ring[slot] = e;
        e.slot = slot;
    }

    /** Drops an entry from the cache (its dirty value, if any, is no longer owed to the state). */
    private void remove(Entry e) {
        entries.remove(e.key);
        bytes -= size(e.key, e.value);
        if (e.dirty) {
            e.dirty = false;
            dirty--;
        }
        e.mark = null;
        e.value = null;
        ring[e.slot] = null;
        if (freeCount == freeSlots.length) {
            freeSlots = Arrays.copyOf(freeSlots, freeCount * 2);
        }
        freeSlots[freeCount++] = e.slot;
    }

    /** Evicts entries until the cache is within its size; a dirty one is written first. */
    private void evict() throws IOException {
        Object current = keys != null ? keys.currentKey() : null;
        try {
            while (bytes > limits.maxBytes() && !entries.isEmpty()) {
                evictOne();
            }
        } finally {
            restore(current);
        }
    }

    /**
     * CLOCK (second chance): the hand sweeps the ring; an entry read or written since the hand last
     * passed it is spared once, the first one that was not leaves. Close to least-recently-used
     * without touching anything but the entry itself on a read.
     */
    private void evictOne() throws IOException {
        while (true) {
            if (hand >= ringEnd) {
                hand = 0;
            }
            Entry e = ring[hand++];
            if (e == null) {
                continue;
            }
            if (e.referenced) {
                e.referenced = false;
                continue;
            }
            if (e.dirty) {
                store(e, clock.getAsLong());
            }
            remove(e);
            return;
        }
    }

    private static long size(String key, byte[] value) {
        return ENTRY_OVERHEAD + 2L * key.length() + value.length;
    }

    /** Reads served from the cache. */
    public long hits() {
        return hits;
    }

    /** Reads that went to the state (the cache did not have the key, or had it too long). */
    public long misses() {
        return misses;
    }

    /** Values written to the state (on update, flush or eviction). */
    public long writes() {
        return writes;
    }

    /** Bytes the cache holds now (keys, values, bookkeeping). */
    public long bytes() {
        return bytes;
    }

    /** Keys the cache holds now. */
    public int size() {
        return entries.size();
    }

    /** Values written to the cache and not yet to the state. */
    public long dirty() {
        return dirty;
    }
}
