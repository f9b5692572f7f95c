package org.fraudgraph.job.fn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.fraudgraph.graph.AccountEvent;
import org.fraudgraph.job.config.PipelineConfig;
import org.fraudgraph.job.state.StateDescriptors;

/**
 * Releases each account's events in event-time order (ties by kind, then event id) once the
 * watermark has passed them, so the stage after it sees the same order on every run whatever the
 * arrival order. Replay uses it to be deterministic; live scoring does not, because it holds every
 * event back until the watermark.
 *
 * <p>An event that arrives behind the watermark is passed on at once: it cannot be put in order any
 * more.
 */
public final class EventTimeSorter
        extends KeyedProcessFunction<String, AccountEvent, AccountEvent> {
    private static final long serialVersionUID = 1L;

    static final Comparator<AccountEvent> ORDER =
            Comparator.comparingLong((AccountEvent e) -> e.eventTimeMillis)
                    .thenComparing(e -> e.kind)
                    .thenComparing(e -> e.eventId);

    private final PipelineConfig config;
    private transient MapState<Long, List<AccountEvent>> pending;

    public EventTimeSorter(PipelineConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        pending =
                getRuntimeContext()
                        .getMapState(StateDescriptors.pendingByMillis(config.stateTtl()));
    }

    @Override
    public void processElement(AccountEvent event, Context ctx, Collector<AccountEvent> out)
            throws Exception {
        long time = event.eventTimeMillis;
        if (time <= ctx.timerService().currentWatermark()) {
            out.collect(event);
            return;
        }
        List<AccountEvent> atTime = pending.get(time);
        if (atTime == null) {
            atTime = new ArrayList<>(1);
            ctx.timerService().registerEventTimeTimer(time);
        }
        atTime.add(event);
        pending.put(time, atTime);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AccountEvent> out)
            throws Exception {
        List<AccountEvent> atTime = pending.get(timestamp);
        if (atTime != null) {
            atTime.sort(ORDER);
            atTime.forEach(out::collect);
            pending.remove(timestamp);
        }
    }
}
