package org.fraudgraph.job.fn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.fraudgraph.job.config.PipelineConfig;
import org.fraudgraph.job.state.StateDescriptors;
import org.fraudgraph.job.types.RiskInput;
import org.fraudgraph.risk.AccountRisk;
import org.fraudgraph.risk.AccountRiskSerializer;
import org.fraudgraph.risk.RiskSettings;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.score.ModelConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The risk stage, keyed by account: risk that spread to the account from the graph around it
 * ({@link AccountRisk}: the open ring cases it is a member of, money received from risky senders)
 * joins its scores. A score of an account no risk reached passes unchanged; otherwise its vector
 * gains the risk features and the model in force scores it again (its reasons name them), so a
 * case's members score higher on their next events and score as before once the case is closed (a
 * false-positive verdict) or expired.
 *
 * <p>The stage sits after the join and the ring stage because the ring stage learns of cases from
 * the join's links: a loop back into the join would be a cycle, which a Flink job cannot have. A
 * replay ({@code ordered}) holds scores and signals until the watermark passes them and applies
 * them in event-time order (scores before signals of the same millisecond: the event that opens a
 * case is scored without it), so every replay of the same data gives the same scores; live scoring
 * applies them as they come. The state is cleared by an event-time timer when its last entry is
 * forgotten. Metrics: {@code riskRescored}, {@code riskSignals}.
 */
public final class RiskSpreadFunction
        extends KeyedBroadcastProcessFunction<String, RiskInput, String, FraudScore> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RiskSpreadFunction.class);

    /** Scores first, then signals: cases before taint, then by case, sender and event. */
    static final Comparator<RiskInput> ORDER =
            Comparator.comparingInt((RiskInput r) -> r.score != null ? 0 : 1)
                    .thenComparing(r -> r.signal == null ? 0 : r.signal.kind.ordinal())
                    .thenComparing(
                            r ->
                                    r.score != null
                                            ? r.score.getEventId()
                                            : nullToEmpty(r.signal.caseId))
                    .thenComparing(r -> r.signal == null ? "" : nullToEmpty(r.signal.fromAccountId))
                    .thenComparing(r -> r.signal == null || r.signal.open ? 0 : 1);

    private final PipelineConfig config;
    private final boolean ordered;
    private transient RiskSettings settings;
    private transient ValueState<byte[]> state;
    private transient MapState<Long, List<RiskInput>> pending;
    private transient ModelInForce model;
    private transient Counter rescored;
    private transient Counter signals;

    public RiskSpreadFunction(PipelineConfig config) {
        this.config = config;
        this.ordered = config.eventTimeOrder();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    @Override
    public void open(OpenContext openContext) {
        settings = config.risk();
        state = getRuntimeContext().getState(StateDescriptors.accountRisk(config.stateTtl()));
        if (ordered) {
            pending =
                    getRuntimeContext()
                            .getMapState(StateDescriptors.riskPending(config.stateTtl()));
        }
        model = new ModelInForce(config.scorer());
        rescored = getRuntimeContext().getMetricGroup().counter("riskRescored");
        signals = getRuntimeContext().getMetricGroup().counter("riskSignals");
    }

    @Override
    public void processElement(RiskInput in, ReadOnlyContext ctx, Collector<FraudScore> out)
            throws Exception {
        model.current(ctx.getBroadcastState(StateDescriptors.SCORING_MODEL));
        long time = in.timeMillis();
        if (!ordered || time <= ctx.timerService().currentWatermark()) {
            apply(in, ctx, out);
            return;
        }
        List<RiskInput> atTime = pending.get(time);
        if (atTime == null) {
            atTime = new ArrayList<>(1);
            ctx.timerService().registerEventTimeTimer(time);
        }
        atTime.add(in);
        pending.put(time, atTime);
    }

    @Override
    public void processBroadcastElement(String json, Context ctx, Collector<FraudScore> out)
            throws Exception {
        try {
            model.offer(json, ctx.getBroadcastState(StateDescriptors.SCORING_MODEL));
        } catch (ModelConfig.Invalid e) {
            // The join refuses it with its reason and counts it; the old model stays here too.
            LOG.debug("scoring model refused: {}", e.getMessage());
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FraudScore> out)
            throws Exception {
        if (ordered) {
            List<RiskInput> atTime = pending.get(timestamp);
            if (atTime != null) {
                pending.remove(timestamp);
                atTime.sort(ORDER);
                for (RiskInput in : atTime) {
                    apply(in, ctx, out);
                }
            }
        }
        byte[] bytes = state.value();
        if (bytes != null
                && AccountRiskSerializer.deserialize(bytes).expiresAtMillis(settings) < timestamp) {
            state.clear();
        }
    }

    private void apply(RiskInput in, ReadOnlyContext ctx, Collector<FraudScore> out)
            throws Exception {
        byte[] bytes = state.value();
        if (in.score != null) {
            out.collect(bytes == null ? in.score : withRisk(in.score, bytes));
            return;
        }
        signals.inc();
        AccountRisk risk = AccountRiskSerializer.deserialize(bytes);
        risk.apply(in.signal, settings);
        if (risk.isEmpty()) {
            state.clear();
            return;
        }
        state.update(AccountRiskSerializer.serialize(risk));
        long expires = risk.expiresAtMillis(settings);
        if (expires != Long.MIN_VALUE && expires < Long.MAX_VALUE) {
            ctx.timerService().registerEventTimeTimer(expires + 1);
        }
    }

    private FraudScore withRisk(FraudScore score, byte[] bytes) throws Exception {
        AccountRisk risk = AccountRiskSerializer.deserialize(bytes);
        long time = score.getEventTime().toEpochMilli();
        Map<String, Double> features = new TreeMap<>(score.getFeatures());
        boolean any = risk.features(time, settings, features);
        if (risk.changed()) {
            // A case version this event showed: the member's next events do not show it again.
            state.update(AccountRiskSerializer.serialize(risk));
        }
        if (!any) {
            return score;
        }
        rescored.inc();
        return model.model()
                .score(
                        score.getEventId(),
                        score.getEventKind(),
                        score.getEntityId(),
                        time,
                        features);
    }
}
