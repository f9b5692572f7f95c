package org.fraudgraph.job.fn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.fraudgraph.feature.FeatureAssembler;
import org.fraudgraph.job.PipelineConfig;
import org.fraudgraph.job.state.JoinBuffer;
import org.fraudgraph.job.state.StateDescriptors;
import org.fraudgraph.node.AccountPart;
import org.fraudgraph.node.NodeAnswer;
import org.fraudgraph.schema.FraudScore;

/**
 * The feature join, keyed by event id: waits for the account's half of the event and all its node
 * answers (they arrive in any order), assembles the feature vector and scores it.
 *
 * <p>An event waits here only while its answers are in flight (milliseconds), so the half-built
 * vectors are kept in a plain map instead of keyed RocksDB state, which cost two RocksDB operations
 * per answer, the largest share of the job's time. They are still part of every checkpoint: each
 * checkpoint writes the waiting vectors to union operator state, and a restore (at any parallelism)
 * gives each subtask the ones whose event id it owns. The map holds only events in flight; its size
 * is the {@code joinsWaiting} gauge.
 */
public final class FeatureJoinFunction
        extends KeyedCoProcessFunction<String, AccountPart, NodeAnswer, FraudScore>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private final PipelineConfig config;
    private transient Map<String, JoinBuffer> waiting;
    private transient ListState<JoinBuffer> checkpointed;
    private transient FeatureAssembler assembler;
    private transient Counter scored;

    public FeatureJoinFunction(PipelineConfig config) {
        this.config = config;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        waiting = new HashMap<>();
        checkpointed =
                context.getOperatorStateStore().getUnionListState(StateDescriptors.joinWaiting());
        if (context.isRestored()) {
            TaskInfo task = getRuntimeContext().getTaskInfo();
            for (JoinBuffer b : checkpointed.get()) {
                String eventId = b.eventId();
                int owner =
                        KeyGroupRangeAssignment.assignKeyToParallelOperator(
                                eventId,
                                task.getMaxNumberOfParallelSubtasks(),
                                task.getNumberOfParallelSubtasks());
                if (owner == task.getIndexOfThisSubtask()) {
                    waiting.put(eventId, b);
                }
            }
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        checkpointed.update(new ArrayList<>(waiting.values()));
    }

    @Override
    public void open(OpenContext openContext) {
        assembler = new FeatureAssembler(config.features());
        scored = getRuntimeContext().getMetricGroup().counter("eventsScored");
        getRuntimeContext().getMetricGroup().gauge("joinsWaiting", () -> waiting.size());
    }

    @Override
    public void processElement1(AccountPart part, Context ctx, Collector<FraudScore> out) {
        JoinBuffer b = waiting.computeIfAbsent(part.eventId, id -> new JoinBuffer());
        b.part = part;
        settle(part.eventId, b, out);
    }

    @Override
    public void processElement2(NodeAnswer answer, Context ctx, Collector<FraudScore> out) {
        JoinBuffer b = waiting.computeIfAbsent(answer.eventId, id -> new JoinBuffer());
        b.add(answer);
        settle(answer.eventId, b, out);
    }

    private void settle(String eventId, JoinBuffer b, Collector<FraudScore> out) {
        if (!b.complete()) {
            return;
        }
        waiting.remove(eventId);
        AccountPart p = b.part;
        List<NodeAnswer> answers = Arrays.asList(b.answers);
        out.collect(
                config.scorer()
                        .score(
                                p.eventId,
                                p.kind,
                                p.accountId,
                                p.eventTimeMillis,
                                assembler.assemble(
                                        p.account,
                                        p.eventTimeMillis,
                                        p.confirmedAtMillis,
                                        p.ids,
                                        p.values,
                                        answers)));
        scored.inc();
    }
}
