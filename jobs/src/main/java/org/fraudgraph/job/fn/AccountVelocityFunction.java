package org.fraudgraph.job.fn;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.fraudgraph.graph.AccountEvent;
import org.fraudgraph.job.PipelineConfig;
import org.fraudgraph.job.state.StateDescriptors;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.window.AccountActivity;
import org.fraudgraph.window.RollingCounter;

/**
 * The per-account stage, keyed by account id: updates the account's rolling counters with each
 * event and scores the event against them. Feedback events set or clear the account's
 * confirmed-fraud mark and are not scored.
 *
 * <p>One state read and one write per event. An account's state is dropped by an event-time timer
 * once its window (and any fraud verdict's retention) has passed; at most one timer per account is
 * pending.
 */
public final class AccountVelocityFunction
        extends KeyedProcessFunction<String, AccountEvent, FraudScore> {
    private static final long serialVersionUID = 1L;

    private final PipelineConfig config;
    private transient ValueState<AccountActivity> activity;
    private transient Counter scored;

    public AccountVelocityFunction(PipelineConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        activity =
                getRuntimeContext().getState(StateDescriptors.accountActivity(config.stateTtl()));
        scored = getRuntimeContext().getMetricGroup().counter("eventsScored");
    }

    @Override
    public void processElement(AccountEvent event, Context ctx, Collector<FraudScore> out)
            throws Exception {
        AccountActivity state = activity.value();
        if (state == null) {
            state = new AccountActivity();
        }
        long cleanupBefore = cleanupTime(state);
        if (event.isFeedback()) {
            state.confirmedFraudAtMillis =
                    event.feedback == AccountEvent.Feedback.CONFIRMED_FRAUD
                            ? Math.max(1, event.eventTimeMillis)
                            : 0;
            state.lastEventMillis = Math.max(state.lastEventMillis, event.eventTimeMillis);
        } else {
            RollingCounter.Totals totals =
                    state.record(
                            event.eventTimeMillis,
                            event.amountMinor,
                            config.window(),
                            config.bucket());
            out.collect(config.scorer().score(event, totals, state.confirmedFraud()));
            scored.inc();
        }
        activity.update(state);
        long cleanupAfter = cleanupTime(state);
        if (cleanupAfter != cleanupBefore) {
            if (cleanupBefore != Long.MIN_VALUE) {
                ctx.timerService().deleteEventTimeTimer(cleanupBefore);
            }
            ctx.timerService().registerEventTimeTimer(cleanupAfter);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FraudScore> out)
            throws Exception {
        AccountActivity state = activity.value();
        if (state == null || timestamp >= cleanupTime(state)) {
            activity.clear();
        }
    }

    /**
     * When the account's state can go, rounded up to a bucket boundary so a busy account moves its
     * timer at most once per bucket; {@link Long#MIN_VALUE} for a fresh state.
     */
    private long cleanupTime(AccountActivity state) {
        if (state.lastEventMillis == Long.MIN_VALUE) {
            return Long.MIN_VALUE;
        }
        long until = state.lastEventMillis + config.window().toMillis();
        if (state.confirmedFraud()) {
            until =
                    Math.max(
                            until,
                            state.confirmedFraudAtMillis + config.taintRetention().toMillis());
        }
        long bucket = config.bucket().toMillis();
        long roundedUp = Math.floorDiv(until + bucket - 1, bucket) * bucket;
        return roundedUp + config.allowedLateness().toMillis();
    }
}
