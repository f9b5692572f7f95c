package org.fraudgraph.job.state;

import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.state.ValueState;

/**
 * A keyed {@code ValueState<byte[]>} with a bounded, least-recently-used cache in front of it, one
 * per subtask: a read of a key this subtask read or wrote lately skips RocksDB, and, once an
 * operator binds it ({@link #writeBack}), so do the writes until the next checkpoint.
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
     * Bytes counted for one cached entry besides its key's and value's: map node, entry, headers.
     */
    static final int ENTRY_OVERHEAD = 96;

    private final ValueState<byte[]> state;
    private final Limits limits;
    private final LongSupplier clock;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(1024, 0.75f, true);

    /** Dirty entries in the order they were written; entries no longer dirty are skipped. */
    private final ArrayDeque<Entry> dirtyOrder = new ArrayDeque<>();

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

        /** {@code null} once the entry has left the cache (it may still wait in the queue). */
        byte[] value;

        long storedAtMillis;
        boolean dirty;

        Entry(String key, byte[] value, long storedAtMillis, boolean dirty) {
            this.key = key;
            this.value = value;
            this.storedAtMillis = storedAtMillis;
            this.dirty = dirty;
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
        if (limits.maxBytes() > 0) {
            Entry e = entries.get(key);
            if (e != null
                    && (e.dirty || clock.getAsLong() - e.storedAtMillis < limits.maxAgeMillis())) {
                hits++;
                return e.value;
            }
            misses++;
        }
        byte[] value = state.value();
        remember(key, value, false);
        return value;
    }

    /**
     * Writes the current key's bytes: to the cache, and to the state unless writing back; when
     * writing back, also writes the values that have rested in the cache long enough.
     */
    public void update(String key, byte[] value) throws IOException {
        if (limits.maxBytes() > 0 && keys != null) {
            remember(key, value, true);
            writeRested();
            return;
        }
        state.update(value);
        writes++;
        remember(key, value, false);
    }

    /** Clears the current key in the state and the cache. */
    public void clear(String key) {
        state.clear();
        forget(key);
    }

    /** Writes every value changed since the last flush to the state. */
    public void flush() throws IOException {
        if (dirty == 0) {
            return;
        }
        Object current = keys.currentKey();
        long now = clock.getAsLong();
        try {
            for (Entry entry : dirtyOrder) {
                if (entry.dirty) {
                    store(entry.key, entry.value);
                    entry.dirty = false;
                    entry.storedAtMillis = now;
                }
            }
        } finally {
            restore(current);
        }
        dirty = 0;
        dirtyOrder.clear();
    }

    /** Writes the values written to the cache at least {@code maxDirtyMillis} ago. */
    private void writeRested() throws IOException {
        long now = clock.getAsLong();
        Object current = null;
        try {
            Entry head;
            while ((head = dirtyOrder.peek()) != null) {
                if (head.dirty) {
                    if (now - head.storedAtMillis < limits.maxDirtyMillis()) {
                        break;
                    }
                    if (current == null) {
                        current = keys.currentKey();
                    }
                    store(head.key, head.value);
                    head.dirty = false;
                    head.storedAtMillis = now;
                    dirty--;
                }
                dirtyOrder.poll();
            }
        } finally {
            restore(current);
        }
    }

    private void store(String key, byte[] value) throws IOException {
        keys.setCurrentKey(key);
        state.update(value);
        writes++;
    }

    private void restore(Object key) {
        if (key != null) {
            keys.setCurrentKey(key);
        }
    }

    private void remember(String key, byte[] value, boolean isDirty) throws IOException {
        if (limits.maxBytes() == 0) {
            return;
        }
        forget(key);
        if (value == null) {
            return;
        }
        Entry entry = new Entry(key, value, clock.getAsLong(), isDirty);
        entries.put(key, entry);
        bytes += size(key, value);
        if (isDirty) {
            dirty++;
            dirtyOrder.add(entry);
        }
        if (bytes <= limits.maxBytes()) {
            return;
        }
        Object current = keys != null ? keys.currentKey() : null;
        try {
            var it = entries.entrySet().iterator();
            while (bytes > limits.maxBytes() && it.hasNext()) {
                Map.Entry<String, Entry> eldest = it.next();
                Entry old = eldest.getValue();
                if (old.dirty) {
                    store(eldest.getKey(), old.value);
                    old.dirty = false;
                    dirty--;
                }
                bytes -= size(eldest.getKey(), old.value);
                old.value = null;
                it.remove();
            }
        } finally {
            restore(current);
        }
    }

    private void forget(String key) {
        Entry old = entries.remove(key);
        if (old != null) {
            bytes -= size(key, old.value);
            if (old.dirty) {
                old.dirty = false;
                dirty--;
            }
            old.value = null;
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
