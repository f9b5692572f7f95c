package org.fraudgraph.job.fn;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.fraudgraph.graph.NodeKind;
import org.fraudgraph.job.config.PipelineConfig;
import org.fraudgraph.job.state.CachedValueState;
import org.fraudgraph.job.state.StateDescriptors;
import org.fraudgraph.node.EdgeRequest;
import org.fraudgraph.node.NodeAnswer;
import org.fraudgraph.node.NodeState;
import org.fraudgraph.node.NodeStateSerializer;
import org.fraudgraph.util.ByteWriter;

/**
 * The node stage, keyed by node key (device, IP, /24, phone, contact, id, card, address, employer,
 * merchant): applies each edge to the node's {@link NodeState} and answers the event it came from.
 * Hubs stay bounded (the node cap) and are counted in the {@code hubAnswers} metric.
 *
 * <p>One state read and one write per edge (a query only reads), both mostly in the subtask's
 * {@link CachedValueState} (RocksDB is written once a node has rested, and at each checkpoint); the
 * state is dropped by an event-time timer 7 d after the node was last touched, later while a fraud
 * verdict counts. Each node has one timer, set when the node is created and set again when it fires
 * before the node has expired.
 */
public final class NodeGraphFunction extends KeyedProcessFunction<String, EdgeRequest, NodeAnswer>
        implements WriteBackOperator.Cached {
    private static final long serialVersionUID = 1L;

    private final PipelineConfig config;
    private transient CachedValueState state;
    private transient StateCacheMetrics cacheMetrics;
    private transient Counter hubAnswers;
    private transient StateSize size;
    private transient NodeReadCounts readCounts;

    /** The buffer every state write of this subtask is encoded in (its result is a copy). */
    private transient ByteWriter scratch;

    public NodeGraphFunction(PipelineConfig config) {
        this.config = config;
    }

    @Override
    public CachedValueState stateCache() {
        return state;
    }

    @Override
    public void open(OpenContext openContext) {
        scratch = new ByteWriter(4096);
        ValueState<byte[]> stored =
                getRuntimeContext().getState(StateDescriptors.nodeGraph(config.stateTtl()));
        state = new CachedValueState(stored, config.stateCache());
        cacheMetrics = new StateCacheMetrics(getRuntimeContext(), "node", state);
        hubAnswers = getRuntimeContext().getMetricGroup().counter("hubAnswers");
        size = new StateSize(getRuntimeContext(), "node");
        readCounts = new NodeReadCounts(getRuntimeContext());
    }

    @Override
    public void processElement(EdgeRequest request, Context ctx, Collector<NodeAnswer> out)
            throws Exception {
        NodeKind kind = NodeKind.ofKey(request.node);
        byte[] bytes = state.value(request.node);
        readCounts.read(kind, bytes);
        NodeState node = NodeStateSerializer.deserialize(kind, bytes, config.features());
        boolean timerSet = node.expiresAtMillis(config.features()) != Long.MIN_VALUE;
        NodeAnswer answer = node.apply(request, config.features());
        if (request.op != EdgeRequest.Op.QUERY) {
            byte[] after = NodeStateSerializer.serialize(node, scratch);
            state.update(request.node, after);
            size.changed(request.node, bytes, after);
        }
        if (answer != null) {
            answer.node = request.node;
            if (node.hub()) {
                hubAnswers.inc();
            }
            out.collect(answer);
        }
        if (!timerSet && request.op != EdgeRequest.Op.QUERY) {
            // The node's one clean-up timer; when it fires early it is set again (see onTimer),
            // so an update never touches the timer queue.
            long cleanup = config.cleanupTime(node.expiresAtMillis(config.features()));
            if (cleanup != Long.MIN_VALUE) {
                ctx.timerService().registerEventTimeTimer(cleanup);
            }
        }
    }

    @Override
    public void close() throws Exception {
        if (cacheMetrics != null) {
            cacheMetrics.report();
            readCounts.report();
        }
        super.close();
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<NodeAnswer> out)
            throws Exception {
        byte[] bytes = state.value(ctx.getCurrentKey());
        if (bytes == null) {
            return;
        }
        NodeState node =
                NodeStateSerializer.deserialize(
                        NodeKind.ofKey(ctx.getCurrentKey()), bytes, config.features());
        long cleanup = config.cleanupTime(node.expiresAtMillis(config.features()));
        if (timestamp < cleanup) {
            ctx.timerService().registerEventTimeTimer(cleanup);
        } else {
            state.clear(ctx.getCurrentKey());
            if (ctx.timerService().currentWatermark() != Long.MAX_VALUE) {
                // At the end of a bounded input every timer fires; the state that leaves then
                // did not expire, so the size figures keep it.
                size.changed(ctx.getCurrentKey(), bytes, null);
            }
        }
    }
}
