package org.fraudgraph.job.fn;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.fraudgraph.graph.AccountEvent;
import org.fraudgraph.graph.Keys;
import org.fraudgraph.job.config.PipelineConfig;
import org.fraudgraph.job.state.CachedValueState;
import org.fraudgraph.job.state.StateDescriptors;
import org.fraudgraph.node.AccountPart;
import org.fraudgraph.node.AccountState;
import org.fraudgraph.node.AccountStateSerializer;
import org.fraudgraph.node.AccountStep;
import org.fraudgraph.node.EdgeRequest;
import org.fraudgraph.util.ByteWriter;

/**
 * The account stage, keyed by account id: applies each event to the account's {@link AccountState},
 * sends one {@link EdgeRequest} per node of the event (and per other identity node of the account)
 * to the node stage, and the account's half of the feature vector ({@link AccountPart}) to the
 * join. A fraud verdict on the account sends TAINT requests instead.
 *
 * <p>An event further behind the watermark than the allowed lateness is not dropped: it is counted
 * and scored at the earliest time still on time (watermark minus allowed lateness), with feature
 * {@code event.late_minutes} saying how far behind the watermark it came, and counted in the {@code
 * lateEvents} metric: a device clock set back must not buy a payment without a score. A clock set
 * forward buys nothing either: an event is placed at the time its source trusted (never after its
 * arrival at the broker, see {@code DecodedEventTime}), and how far ahead it claimed to be is the
 * feature {@code event.clock_ahead_minutes}. An event whose id the account applied already (one of
 * its last 32) is dropped and counted in the {@code duplicateEvents} metric: each event counts and
 * is scored once. One state read and one write per event, both mostly in the subtask's {@link
 * CachedValueState}; the state is dropped by an event-time timer once its longest memory has
 * passed: one timer per account, set when the account is created and set again when it fires before
 * the account has expired.
 */
public final class AccountGraphFunction
        extends KeyedProcessFunction<String, AccountEvent, EdgeRequest>
        implements WriteBackOperator.Cached {
    private static final long serialVersionUID = 1L;

    private final PipelineConfig config;
    private transient CachedValueState state;
    private transient StateCacheMetrics cacheMetrics;
    private transient Counter late;
    private transient Counter duplicates;
    private transient Counter edges;
    private transient StateSize size;
    private transient LongCounter requestsSent;
    private transient LongCounter queriesSent;

    /** The buffer every state write of this subtask is encoded in (its result is a copy). */
    private transient ByteWriter scratch;

    public AccountGraphFunction(PipelineConfig config) {
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
                getRuntimeContext().getState(StateDescriptors.accountGraph(config.stateTtl()));
        state = new CachedValueState(stored, config.stateCache());
        cacheMetrics = new StateCacheMetrics(getRuntimeContext(), "account", state);
        late = getRuntimeContext().getMetricGroup().counter("lateEvents");
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicateEvents");
        edges = getRuntimeContext().getMetricGroup().counter("edgeRequests");
        size = new StateSize(getRuntimeContext(), "account");
        requestsSent = new LongCounter();
        queriesSent = new LongCounter();
        getRuntimeContext().addAccumulator("edgeRequests", requestsSent);
        getRuntimeContext().addAccumulator("twoHopQueries", queriesSent);
    }

    @Override
    public void processElement(AccountEvent event, Context ctx, Collector<EdgeRequest> out)
            throws Exception {
        Long trusted = ctx.timestamp();
        if (trusted != null && trusted < event.eventTimeMillis) {
            // The source trusts no event time later than the record's arrival (DecodedEventTime).
            event.clockAheadMillis = event.eventTimeMillis - trusted;
            event.eventTimeMillis = trusted;
        }
        long watermark = ctx.timerService().currentWatermark();
        long earliestOnTime = watermark - config.allowedLateness().toMillis();
        if (watermark != Long.MIN_VALUE && event.eventTimeMillis < earliestOnTime) {
            event.lateByMillis = watermark - event.eventTimeMillis;
            event.eventTimeMillis = earliestOnTime;
            late.inc();
        }
        if (event.entityVerdict) {
            EdgeRequest.Op op =
                    event.feedback == AccountEvent.Feedback.CONFIRMED_FRAUD
                            ? EdgeRequest.Op.CONFIRM
                            : EdgeRequest.Op.CLEAR;
            for (String node : event.nodes) {
                out.collect(EdgeRequest.of(op, node, event.eventId, event.eventTimeMillis, 0));
            }
            return;
        }
        byte[] before = state.value(event.accountId);
        AccountState account = AccountStateSerializer.deserialize(before);
        if (!event.isFeedback() && account.alreadyApplied(event.eventId)) {
            // Sent twice (a producer's retry, a replayed file): counted and scored once.
            duplicates.inc();
            return;
        }
        boolean timerSet = account.expiresAtMillis(config.features()) != Long.MIN_VALUE;
        AccountStep step = account.apply(event, config.features());
        byte[] after = AccountStateSerializer.serialize(account, scratch);
        state.update(event.accountId, after);
        size.changed(event.accountId, before, after);
        for (EdgeRequest request : step.requests) {
            out.collect(request);
            if (request.op == EdgeRequest.Op.QUERY) {
                queriesSent.add(1);
            }
        }
        edges.inc(step.requests.size());
        requestsSent.add(step.requests.size());
        if (!event.isFeedback()) {
            ctx.output(StateDescriptors.ACCOUNT_PARTS, part(event, step));
        }
        if (!timerSet) {
            // The account's one clean-up timer, set again when it fires early (see onTimer).
            long cleanup = config.cleanupTime(account.expiresAtMillis(config.features()));
            if (cleanup != Long.MIN_VALUE) {
                ctx.timerService().registerEventTimeTimer(cleanup);
            }
        }
    }

    private static AccountPart part(AccountEvent event, AccountStep step) {
        AccountPart part = new AccountPart();
        part.eventId = event.eventId;
        part.kind = event.kind;
        part.accountId = event.accountId;
        part.eventTimeMillis = event.eventTimeMillis;
        part.account = Keys.hash64(event.accountId);
        part.confirmedAtMillis = step.confirmedAtMillis;
        part.ids = step.ids();
        part.values = step.values();
        part.answersExpected = step.answersExpected();
        part.amountMinor = event.amountMinor;
        part.counterpartyId = event.counterpartyId;
        return part;
    }

    @Override
    public void close() throws Exception {
        if (cacheMetrics != null) {
            cacheMetrics.report();
        }
        super.close();
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EdgeRequest> out)
            throws Exception {
        byte[] bytes = state.value(ctx.getCurrentKey());
        if (bytes == null) {
            return;
        }
        long cleanup =
                config.cleanupTime(
                        AccountStateSerializer.deserialize(bytes)
                                .expiresAtMillis(config.features()));
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
