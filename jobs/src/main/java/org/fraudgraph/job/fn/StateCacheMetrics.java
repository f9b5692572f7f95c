package org.fraudgraph.job.fn;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.MetricGroup;
import org.fraudgraph.job.state.CachedValueState;

/**
 * What a stage's state cache does. Gauges per subtask: {@code stateCacheHits} and {@code
 * stateCacheMisses} (reads since the subtask started), {@code stateCacheWrites} (values written to
 * RocksDB), {@code stateCacheBytes} and {@code stateCacheKeys} (what it holds now). When the
 * subtask closes (the end of a bounded run, as in {@code bench-features}), the same counts are
 * added to the accumulators {@code <stage>.cacheHits}, {@code <stage>.cacheMisses} and {@code
 * <stage>.cacheWrites}.
 */
final class StateCacheMetrics {
    private final CachedValueState cache;
    private final LongCounter hits = new LongCounter();
    private final LongCounter misses = new LongCounter();
    private final LongCounter writes = new LongCounter();

    StateCacheMetrics(RuntimeContext context, String stage, CachedValueState cache) {
        this.cache = cache;
        MetricGroup group = context.getMetricGroup();
        group.gauge("stateCacheHits", cache::hits);
        group.gauge("stateCacheMisses", cache::misses);
        group.gauge("stateCacheWrites", cache::writes);
        group.gauge("stateCacheBytes", cache::bytes);
        group.gauge("stateCacheKeys", cache::size);
        context.addAccumulator(stage + ".cacheHits", hits);
        context.addAccumulator(stage + ".cacheMisses", misses);
        context.addAccumulator(stage + ".cacheWrites", writes);
    }

    /** Adds this subtask's counts to the accumulators; once, when the subtask closes. */
    void report() {
        hits.add(cache.hits());
        misses.add(cache.misses());
        writes.add(cache.writes());
    }
}
