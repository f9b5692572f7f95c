package org.fraudgraph.job.fn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.fraudgraph.job.state.StateDescriptors;
import org.fraudgraph.ring.RingLink;
import org.fraudgraph.ring.RingSettings;
import org.fraudgraph.ring.RingStore;
import org.fraudgraph.ring.RingStoreSerializer;
import org.fraudgraph.risk.RiskSignal;
import org.fraudgraph.schema.CaseStatus;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.RingCase;
import org.fraudgraph.schema.RingMember;

/**
 * The ring stage: one subtask (rings cross every key) holding the {@link RingStore}. Links wait for
 * the watermark and are applied in event-time order (then event id), so the cases are the same on
 * every run of the same data; each applied link may emit case versions, and moving event time
 * expires old links and quiet cases. Every case version also goes to each of its member accounts,
 * and a transfer sent by a member of an open case taints its receiver: signals ({@code
 * RISK_SIGNALS}) to the risk stage. An analyst's dismissal of a case ({@code CASE_DISMISSED}, from
 * the feedback topic) arrives as a link and closes it.
 *
 * <p>The store lives on the heap and is written whole to every checkpoint as operator state ({@code
 * ringStore}), with the links still waiting ({@code ringPending}); it is bounded by the window and
 * {@link RingSettings#maxVertices()}. Metrics: {@code ringLinks}, {@code ringCases}, {@code
 * ringVertices}, {@code ringOpenCases}.
 */
public final class RingDetectorFunction extends KeyedProcessFunction<Integer, RingLink, RingCase>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    /**
     * The order links are applied in: the time of the event that reported them, then event time,
     * event id, relation and target.
     */
    static final Comparator<RingLink> ORDER =
            Comparator.<RingLink>comparingLong(l -> l.reportedMillis)
                    .thenComparingLong(l -> l.timeMillis)
                    .thenComparing(l -> l.eventId)
                    .thenComparing(l -> l.relation)
                    .thenComparing(l -> l.target);

    private final RingSettings settings;
    private final String version;
    private final boolean ordered;
    private transient RingStore store;
    private transient long clock;
    private transient PriorityQueue<RingLink> pending;
    private transient ListState<byte[]> storeState;
    private transient ListState<RingLink> pendingState;
    private transient Counter links;
    private transient Counter emitted;
    private transient LongCounter linkCount;

    /**
     * @param version stamped on every case as its config version
     * @param ordered apply links in event-time order once the watermark passes them (replay)
     */
    public RingDetectorFunction(RingSettings settings, String version, boolean ordered) {
        this.settings = settings;
        this.version = version;
        this.ordered = ordered;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        storeState = context.getOperatorStateStore().getListState(StateDescriptors.ringStore());
        pendingState = context.getOperatorStateStore().getListState(StateDescriptors.ringPending());
        pending = new PriorityQueue<>(ORDER);
        byte[] bytes = null;
        for (byte[] b : storeState.get()) {
            bytes = b;
        }
        store = RingStoreSerializer.deserialize(bytes, settings, version);
        for (RingLink l : pendingState.get()) {
            pending.add(l);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        storeState.update(List.of(RingStoreSerializer.serialize(store)));
        pendingState.update(new ArrayList<>(pending));
    }

    @Override
    public void open(OpenContext openContext) {
        var metrics = getRuntimeContext().getMetricGroup();
        links = metrics.counter("ringLinks");
        emitted = metrics.counter("ringCases");
        metrics.gauge("ringVertices", () -> store.vertices());
        metrics.gauge("ringOpenCases", () -> store.openCases());
        linkCount = new LongCounter();
        getRuntimeContext().addAccumulator("ringLinks", linkCount);
    }

    @Override
    public void processElement(RingLink link, Context ctx, Collector<RingCase> out) {
        links.inc();
        linkCount.add(1);
        if (!ordered) {
            apply(link, ctx, out);
            // Expiry follows the newest link seen (events far ahead of the clock are dead letters).
            clock = Math.max(clock, link.reportedMillis);
            emit(store.advance(clock), clock, ctx, out);
            return;
        }
        pending.add(link);
        ctx.timerService().registerEventTimeTimer(link.reportedMillis);
    }

    /**
     * Applies one link; a transfer sent by a member of an open case taints its receiver (a signal
     * to the risk stage).
     */
    private void apply(RingLink link, Context ctx, Collector<RingCase> out) {
        emit(store.add(link), link.reportedMillis, ctx, out);
        if (link.relation == RingLink.Relation.TRANSFERS_TO
                && link.target != null
                && !link.target.equals(link.accountId)) {
            String caseId = store.openCaseOf(link.accountId);
            if (caseId != null) {
                ctx.output(
                        StateDescriptors.RISK_SIGNALS,
                        RiskSignal.taint(
                                link.target,
                                link.timeMillis,
                                link.accountId,
                                link.amountMinor,
                                RiskSignal.Source.CASE_MEMBER,
                                caseId));
            }
        }
    }

    /** Emits case versions, and each version to each of its member accounts (the risk stage). */
    private void emit(List<RingCase> cases, long time, Context ctx, Collector<RingCase> out) {
        for (RingCase c : cases) {
            emitted.inc();
            out.collect(c);
            boolean open = c.getStatus() == CaseStatus.OPEN;
            for (RingMember m : c.getMembers()) {
                if (m.getEntityType() == EntityType.ACCOUNT) {
                    ctx.output(
                            StateDescriptors.RISK_SIGNALS,
                            RiskSignal.caseVersion(
                                    m.getEntityId(), time, c.getCaseId(), c.getScore(), open));
                }
            }
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RingCase> out) {
        while (!pending.isEmpty() && pending.peek().reportedMillis <= timestamp) {
            apply(pending.poll(), ctx, out);
        }
        // Expiry follows the timers, not the watermark: links up to the watermark may still wait.
        emit(store.advance(timestamp), timestamp, ctx, out);
    }
}
