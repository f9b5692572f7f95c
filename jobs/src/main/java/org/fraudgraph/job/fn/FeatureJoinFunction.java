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
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.fraudgraph.job.config.PipelineConfig;
import org.fraudgraph.job.state.StateDescriptors;
import org.fraudgraph.job.types.JoinBuffer;
import org.fraudgraph.node.AccountPart;
import org.fraudgraph.node.FeatureAssembler;
import org.fraudgraph.node.NodeAnswer;
import org.fraudgraph.ring.RingLink;
import org.fraudgraph.ring.RingLinks;
import org.fraudgraph.risk.RiskSignal;
import org.fraudgraph.schema.Decision;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.score.ModelConfig;
import org.fraudgraph.score.ScoringModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feature join, keyed by event id: waits for the account's half of the event and all its node
 * answers (an event is its id and its account: two accounts may use one event id, and each is
 * scored) (they arrive in any order, each wrapped in a one-piece {@link JoinBuffer}), assembles the
 * feature vector and scores it with the scoring model in force.
 *
 * <p>The model in force is the pipeline's starting model until a model arrives on the broadcast
 * input (the control topic): a valid one replaces it at once on every subtask and is kept in
 * broadcast state, so it survives a restore; an invalid one is refused with its reason in the log
 * and the {@code modelsRejected} metric, and the old model stays.
 *
 * <p>An event waits here only while its answers are in flight (milliseconds), so the half-built
 * vectors are kept in a plain map instead of keyed RocksDB state, which cost two RocksDB operations
 * per answer, the largest share of the job's time. They are still part of every checkpoint: each
 * checkpoint writes the waiting vectors to union operator state, and a restore (at any parallelism)
 * gives each subtask the ones whose event id it owns. The map holds only events in flight; its size
 * is the {@code joinsWaiting} gauge.
 */
public final class FeatureJoinFunction
        extends KeyedBroadcastProcessFunction<String, JoinBuffer, String, FraudScore>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(FeatureJoinFunction.class);

    private final PipelineConfig config;
    private transient Map<JoinBuffer.Key, JoinBuffer> waiting;
    private transient ListState<JoinBuffer> checkpointed;
    private transient FeatureAssembler assembler;
    private transient Counter scored;
    private transient Counter modelsRejected;
    private transient ModelInForce model;

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
                    waiting.put(b.key(), b);
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
        modelsRejected = getRuntimeContext().getMetricGroup().counter("modelsRejected");
        model = new ModelInForce(config.scorer());
        getRuntimeContext().getMetricGroup().gauge("joinsWaiting", () -> waiting.size());
    }

    @Override
    public void processElement(JoinBuffer piece, ReadOnlyContext ctx, Collector<FraudScore> out)
            throws Exception {
        model.current(ctx.getBroadcastState(StateDescriptors.SCORING_MODEL));
        JoinBuffer.Key key = piece.key();
        JoinBuffer b = waiting.get(key);
        if (b == null) {
            b = new JoinBuffer();
            waiting.put(key, b);
        }
        if (piece.part != null) {
            b.part = piece.part;
        }
        for (NodeAnswer a : piece.answers) {
            b.add(a);
        }
        settle(key, b, ctx, out);
    }

    @Override
    public void processBroadcastElement(String json, Context ctx, Collector<FraudScore> out)
            throws Exception {
        try {
            ScoringModel before =
                    model.offer(json, ctx.getBroadcastState(StateDescriptors.SCORING_MODEL));
            LOG.info(
                    "scoring model {} in force (was {})",
                    model.model().version(),
                    before.version());
        } catch (ModelConfig.Invalid e) {
            modelsRejected.inc();
            LOG.warn(
                    "scoring model refused: {}; model {} stays in force",
                    e.getMessage(),
                    model.model().version());
        }
    }

    private void settle(
            JoinBuffer.Key key, JoinBuffer b, ReadOnlyContext ctx, Collector<FraudScore> out) {
        if (!b.complete()) {
            return;
        }
        waiting.remove(key);
        AccountPart p = b.part;
        List<NodeAnswer> answers = Arrays.asList(b.answers);
        FraudScore score =
                model.model()
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
                                        answers));
        out.collect(score);
        scored.inc();
        RiskSignal taint = taint(p, score);
        boolean held = held(p, score);
        for (RingLink link : RingLinks.of(p, answers, score.getScore(), config.rings())) {
            // The ring stage follows held money further than any other (the flow rule).
            link.held = held && link.relation == RingLink.Relation.TRANSFERS_TO;
            ctx.output(StateDescriptors.RING_LINKS, link);
        }
        if (taint != null) {
            ctx.output(StateDescriptors.RISK_SIGNALS, taint);
        }
    }

    /**
     * A transfer the model held (REVIEW or BLOCK) from an account not confirmed as fraud before it:
     * money this very event makes suspect. A confirmed account's every event is held because the
     * account is, not the money; the ring stage follows only money the model found suspect.
     */
    static boolean held(AccountPart p, FraudScore score) {
        boolean confirmed = p.confirmedAtMillis != 0 && p.confirmedAtMillis <= p.eventTimeMillis;
        return p.counterpartyId != null
                && !p.counterpartyId.equals(p.accountId)
                && !confirmed
                && score.getDecision() != Decision.ALLOW;
    }

    /**
     * Money sent in a transfer scored REVIEW or BLOCK, or by an account confirmed as fraud, taints
     * its receiver; {@code null} for any other event.
     */
    static RiskSignal taint(AccountPart p, FraudScore score) {
        // Only a transfer names a receiving account.
        if (p.counterpartyId == null || p.counterpartyId.equals(p.accountId)) {
            return null;
        }
        boolean confirmed = p.confirmedAtMillis != 0 && p.confirmedAtMillis <= p.eventTimeMillis;
        if (!confirmed && score.getDecision() == Decision.ALLOW) {
            return null;
        }
        return RiskSignal.taint(
                p.counterpartyId,
                p.eventTimeMillis,
                p.accountId,
                p.amountMinor,
                confirmed ? RiskSignal.Source.CONFIRMED : RiskSignal.Source.FLAGGED,
                null);
    }
}
