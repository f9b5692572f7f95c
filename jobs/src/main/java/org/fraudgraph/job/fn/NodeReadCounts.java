package org.fraudgraph.job.fn;

import java.util.Locale;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.fraudgraph.graph.NodeKind;

/**
 * How much node state the node stage reads, per node kind: the requests and the bytes of the state
 * each one decoded (from the cache or RocksDB). Where the decoding work goes, for the benchmarks: a
 * few kinds with large states (hub IPs and merchants) can outweigh the many small ones. Counted in
 * the subtask and added to the accumulators {@code node.reads.<kind>} and {@code
 * node.readBytes.<kind>} (kind in lower case) when it closes.
 */
public final class NodeReadCounts {
    private static final NodeKind[] KINDS = NodeKind.values();

    private final long[] reads = new long[KINDS.length];
    private final long[] bytes = new long[KINDS.length];
    private final LongCounter[] readCounters = new LongCounter[KINDS.length];
    private final LongCounter[] byteCounters = new LongCounter[KINDS.length];

    NodeReadCounts(RuntimeContext context) {
        for (NodeKind kind : KINDS) {
            readCounters[kind.ordinal()] = new LongCounter();
            byteCounters[kind.ordinal()] = new LongCounter();
            context.addAccumulator(readsName(kind), readCounters[kind.ordinal()]);
            context.addAccumulator(bytesName(kind), byteCounters[kind.ordinal()]);
        }
    }

    /** The accumulator of the requests to nodes of this kind. */
    public static String readsName(NodeKind kind) {
        return "node.reads." + kind.name().toLowerCase(Locale.ROOT);
    }

    /** The accumulator of the state bytes those requests read. */
    public static String bytesName(NodeKind kind) {
        return "node.readBytes." + kind.name().toLowerCase(Locale.ROOT);
    }

    void read(NodeKind kind, byte[] state) {
        reads[kind.ordinal()]++;
        if (state != null) {
            bytes[kind.ordinal()] += state.length;
        }
    }

    /** Adds this subtask's counts to the accumulators; once, when the subtask closes. */
    void report() {
        for (int k = 0; k < KINDS.length; k++) {
            readCounters[k].add(reads[k]);
            byteCounters[k].add(bytes[k]);
        }
    }
}
