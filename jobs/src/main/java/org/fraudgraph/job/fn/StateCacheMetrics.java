package org.fraudgraph.job.fn;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.MetricGroup;
import org.fraudgraph.job.state.CachedValueState;

/**
 * The gauges of a stage's state read cache: {@code stateCacheHits} and {@code stateCacheMisses}
 * (reads since the subtask started), {@code stateCacheBytes} and {@code stateCacheKeys} (what it
 * holds now).
 */
final class StateCacheMetrics {
    private StateCacheMetrics() {}

    static void register(RuntimeContext context, CachedValueState cache) {
        MetricGroup group = context.getMetricGroup();
        group.gauge("stateCacheHits", cache::hits);
        group.gauge("stateCacheMisses", cache::misses);
        group.gauge("stateCacheBytes", cache::bytes);
        group.gauge("stateCacheKeys", cache::size);
    }
}
