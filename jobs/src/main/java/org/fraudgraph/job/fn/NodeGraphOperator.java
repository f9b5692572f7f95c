package org.fraudgraph.job.fn;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.fraudgraph.graph.NodeKind;
import org.fraudgraph.job.PipelineConfig;
import org.fraudgraph.job.state.EdgeBatch;
import org.fraudgraph.job.state.JoinBuffer;
import org.fraudgraph.job.state.StateDescriptors;
import org.fraudgraph.node.EdgeRequest;
import org.fraudgraph.node.NodeAnswer;
import org.fraudgraph.node.NodeState;

/**
 * The node stage, keyed by node key (device, IP, /24, phone, contact, id, card, address, employer,
 * merchant): applies each edge to the node's {@link NodeState} and answers the event it came from.
 * Hubs stay bounded (the node cap) and are counted in the {@code hubAnswers} metric.
 *
 * <p>Its input is one {@link EdgeBatch} per event and node subtask, routed by the batch's first
 * node; each request in it is applied under its own node key, so the state is the same as if every
 * request had been keyed by its node, under the state and timer names of the keyed process function
 * this operator replaced (uid {@code node-graph}). A request for a node this subtask does not own
 * is refused with an error rather than written under the wrong key group. The answers to one batch
 * go to the join as one {@link JoinBuffer}.
 *
 * <p>One state read and one write per edge (a query only reads); the state is dropped by an
 * event-time timer 7 d after the node was last touched, later while a fraud verdict counts. Each
 * node has one timer, set when the node is created and set again when it fires before the node has
 * expired.
 */
public final class NodeGraphOperator extends AbstractStreamOperator<JoinBuffer>
        implements OneInputStreamOperator<EdgeBatch, JoinBuffer>,
                Triggerable<String, VoidNamespace> {
    private static final long serialVersionUID = 1L;

    /**
     * The timer service's name: the one Flink's keyed process operator used before, so savepoints
     * of it restore.
     */
    private static final String TIMERS = "user-timers";

    private final PipelineConfig config;
    private transient ValueState<byte[]> state;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient Counter hubAnswers;
    private transient StateSize size;
    private transient KeyGroupRange owned;
    private transient int maxParallelism;

    public NodeGraphOperator(PipelineConfig config) {
        this.config = config;
    }

    @Override
    public void open() throws Exception {
        super.open();
        state = getRuntimeContext().getState(StateDescriptors.nodeGraph(config.stateTtl()));
        timers = getInternalTimerService(TIMERS, VoidNamespaceSerializer.INSTANCE, this);
        hubAnswers = getMetricGroup().counter("hubAnswers");
        size = new StateSize(getRuntimeContext(), "node");
        var task = getRuntimeContext().getTaskInfo();
        maxParallelism = task.getMaxNumberOfParallelSubtasks();
        owned =
                KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                        maxParallelism,
                        task.getNumberOfParallelSubtasks(),
                        task.getIndexOfThisSubtask());
    }

    @Override
    public void processElement(StreamRecord<EdgeBatch> element) throws Exception {
        List<NodeAnswer> answers = null;
        for (EdgeRequest request : element.getValue().requests) {
            NodeAnswer answer = apply(request);
            if (answer != null) {
                if (answers == null) {
                    answers = new ArrayList<>(element.getValue().requests.length);
                }
                answers.add(answer);
            }
        }
        if (answers != null) {
            JoinBuffer piece = new JoinBuffer();
            piece.answers = answers.toArray(new NodeAnswer[0]);
            output.collect(new StreamRecord<>(piece, element.getTimestamp()));
        }
    }

    private NodeAnswer apply(EdgeRequest request) throws Exception {
        int keyGroup = KeyGroupRangeAssignment.assignToKeyGroup(request.node, maxParallelism);
        if (!owned.contains(keyGroup)) {
            throw new IllegalStateException(
                    "edge request for node key group "
                            + keyGroup
                            + " reached the node subtask owning "
                            + owned
                            + ": the account stage grouped requests for another parallelism or"
                            + " maximum parallelism than the node stage runs with");
        }
        setCurrentKey(request.node);
        NodeKind kind = NodeKind.ofKey(request.node);
        byte[] bytes = state.value();
        NodeState node = NodeState.fromBytes(kind, bytes, config.features());
        boolean timerSet = node.expiresAtMillis(config.features()) != Long.MIN_VALUE;
        NodeAnswer answer = node.apply(request, config.features());
        if (request.op != EdgeRequest.Op.QUERY) {
            byte[] after = node.toBytes();
            state.update(after);
            size.changed(request.node, bytes, after);
        }
        if (answer != null) {
            answer.node = request.node;
            if (node.hub()) {
                hubAnswers.inc();
            }
        }
        if (!timerSet && request.op != EdgeRequest.Op.QUERY) {
            // The node's one clean-up timer; when it fires early it is set again (see
            // onEventTime), so an update never touches the timer queue.
            long cleanup = config.cleanupTime(node.expiresAtMillis(config.features()));
            if (cleanup != Long.MIN_VALUE) {
                timers.registerEventTimeTimer(VoidNamespace.INSTANCE, cleanup);
            }
        }
        return answer;
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        byte[] bytes = state.value();
        if (bytes == null) {
            return;
        }
        String key = timer.getKey();
        NodeState node = NodeState.fromBytes(NodeKind.ofKey(key), bytes, config.features());
        long cleanup = config.cleanupTime(node.expiresAtMillis(config.features()));
        if (timer.getTimestamp() < cleanup) {
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, cleanup);
        } else {
            state.clear();
            if (timers.currentWatermark() != Long.MAX_VALUE) {
                // At the end of a bounded input every timer fires; the state that leaves then
                // did not expire, so the size figures keep it.
                size.changed(key, bytes, null);
            }
        }
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {
        // The node stage sets event-time timers only.
    }
}
