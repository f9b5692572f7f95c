package org.fraudgraph.job.fn;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * How much keyed state one stage holds: live keys and the bytes RocksDB stores for them before
 * compression (key, 3 bytes of key-group and namespace, the value, the 8-byte TTL timestamp).
 * Reported as gauges ({@code stateKeys}, {@code stateBytes}) per subtask, and as accumulators
 * ({@code <stage>.stateKeys}, {@code <stage>.stateBytes}) summed over the job for the benchmark.
 * Counted from this run's updates: after a restore they start again from 0.
 */
final class StateSize {
    private static final int OVERHEAD = 3 + 8;

    private final LongCounter keys = new LongCounter();
    private final LongCounter bytes = new LongCounter();
    private long liveKeys;
    private long liveBytes;

    StateSize(RuntimeContext context, String stage) {
        context.addAccumulator(stage + ".stateKeys", keys);
        context.addAccumulator(stage + ".stateBytes", bytes);
        context.getMetricGroup().gauge("stateKeys", () -> liveKeys);
        context.getMetricGroup().gauge("stateBytes", () -> liveBytes);
    }

    /** A key's value changed from {@code before} to {@code after} bytes ({@code null}: absent). */
    void changed(String key, byte[] before, byte[] after) {
        long old = size(key, before);
        long now = size(key, after);
        long keyDelta = (after != null ? 1 : 0) - (before != null ? 1 : 0);
        liveKeys += keyDelta;
        liveBytes += now - old;
        keys.add(keyDelta);
        bytes.add(now - old);
    }

    private static long size(String key, byte[] value) {
        return value == null ? 0 : key.length() + OVERHEAD + value.length;
    }
}
