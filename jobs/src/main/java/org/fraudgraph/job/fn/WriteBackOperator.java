package org.fraudgraph.job.fn;

import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.fraudgraph.job.state.CachedValueState;

/**
 * Runs a keyed function whose state sits behind a {@link CachedValueState} and lets that cache
 * write back: updates stay in the cache between checkpoints, and this operator writes them to
 * RocksDB just before each checkpoint barrier leaves it, so every checkpoint holds every update
 * before its barrier. Timers, state names and the operator's place in a savepoint are those of the
 * plain keyed process operator it extends.
 *
 * <pre>{@code
 * perNode.transform("Node state", answers, new WriteBackOperator<>(new NodeGraphFunction(cfg)))
 *         .uid("node-graph");
 * }</pre>
 *
 * @param <F> the function, which names its cache
 */
public final class WriteBackOperator<
                I, O, F extends KeyedProcessFunction<String, I, O> & WriteBackOperator.Cached>
        extends KeyedProcessOperator<String, I, O> {
    private static final long serialVersionUID = 1L;

    /** A keyed function with a state cache that may write back. */
    public interface Cached {
        /** The function's cache, once the function is open. */
        CachedValueState stateCache();
    }

    private final F cached;
    private transient volatile long lastFlushValues;
    private transient volatile long lastFlushMicros;

    public WriteBackOperator(F function) {
        super(function);
        this.cached = function;
    }

    @Override
    public void open() throws Exception {
        super.open();
        // What the last checkpoint barrier waited for here: values written, and how long.
        getMetricGroup().gauge("stateCacheFlushValues", () -> lastFlushValues);
        getMetricGroup().gauge("stateCacheFlushMicros", () -> lastFlushMicros);
        cached.stateCache()
                .writeBack(
                        new CachedValueState.KeySwitch() {
                            @Override
                            public Object currentKey() {
                                return getCurrentKey();
                            }

                            @Override
                            public void setCurrentKey(Object key) {
                                WriteBackOperator.this.setCurrentKey(key);
                            }
                        });
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        long start = System.nanoTime();
        lastFlushValues = cached.stateCache().dirty();
        cached.stateCache().flush();
        lastFlushMicros = (System.nanoTime() - start) / 1000;
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        cached.stateCache().flush();
        super.finish();
    }
}
