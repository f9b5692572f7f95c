package org.fraudgraph.job.fn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.fraudgraph.graph.AccountEvent;
import org.fraudgraph.job.PipelineConfig;
import org.fraudgraph.job.state.StateDescriptors;
import org.fraudgraph.job.types.GraphTypes;

/**
 * Releases each key's elements in event-time order (ties broken by a fixed order) once the
 * watermark has passed them, so the stage after it sees the same order on every run whatever the
 * arrival order. Replay uses it, before the account stage, to be deterministic; live scoring does
 * not, because it holds every element back until the watermark.
 *
 * <p>An element that arrives behind the watermark is passed on at once: it cannot be put in order
 * any more.
 *
 * @param <T> the element type
 */
public final class EventTimeSorter<T> extends KeyedProcessFunction<String, T, T> {
    private static final long serialVersionUID = 1L;

    /** Account events: by time, then kind, then event id. */
    public static final Comparator<AccountEvent> ACCOUNT_EVENT_ORDER =
            Comparator.comparingLong((AccountEvent e) -> e.eventTimeMillis)
                    .thenComparing(e -> e.kind)
                    .thenComparing(e -> e.eventId);

    private final PipelineConfig config;
    private final TypeInformation<T> type;
    private final SerializableOrder<T> order;
    private transient MapState<Long, List<T>> pending;

    /** A comparator and time extractor that Flink can ship with the function. */
    public interface SerializableOrder<T> extends java.io.Serializable {
        Comparator<T> comparator();

        ToLongFunction<T> time();
    }

    public EventTimeSorter(
            PipelineConfig config, TypeInformation<T> type, SerializableOrder<T> order) {
        this.config = config;
        this.type = type;
        this.order = order;
    }

    /** The sorter before the account stage. */
    public static EventTimeSorter<AccountEvent> forAccountEvents(PipelineConfig config) {
        return new EventTimeSorter<>(config, GraphTypes.ACCOUNT_EVENT, new AccountEventOrder());
    }

    @Override
    public void open(OpenContext openContext) {
        pending =
                getRuntimeContext()
                        .getMapState(StateDescriptors.pendingByMillis(type, config.stateTtl()));
    }

    @Override
    public void processElement(T element, Context ctx, Collector<T> out) throws Exception {
        long time = order.time().applyAsLong(element);
        if (time <= ctx.timerService().currentWatermark()) {
            out.collect(element);
            return;
        }
        List<T> atTime = pending.get(time);
        if (atTime == null) {
            atTime = new ArrayList<>(1);
            ctx.timerService().registerEventTimeTimer(time);
        }
        atTime.add(element);
        pending.put(time, atTime);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<T> out) throws Exception {
        List<T> atTime = pending.get(timestamp);
        if (atTime != null) {
            atTime.sort(order.comparator());
            atTime.forEach(out::collect);
            pending.remove(timestamp);
        }
    }

    private static final class AccountEventOrder implements SerializableOrder<AccountEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public Comparator<AccountEvent> comparator() {
            return ACCOUNT_EVENT_ORDER;
        }

        @Override
        public ToLongFunction<AccountEvent> time() {
            return e -> e.eventTimeMillis;
        }
    }
}
