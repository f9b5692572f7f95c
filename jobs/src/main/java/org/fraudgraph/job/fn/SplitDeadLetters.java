package org.fraudgraph.job.fn;

import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.fraudgraph.job.state.StateDescriptors;
import org.fraudgraph.schema.DeadLetter;
import org.fraudgraph.schema.DeadLetterReason;

/**
 * Passes decoded events on and sends records that failed to decode to the dead-letter side output,
 * counting them in the metrics {@code deadLetters} and {@code deadLettersByReason.<REASON>} (a
 * group named like the counter would not be reported).
 */
public final class SplitDeadLetters<T> extends ProcessFunction<Either<DeadLetter, T>, T> {
    private static final long serialVersionUID = 1L;

    private transient Counter deadLetters;
    private transient Map<DeadLetterReason, Counter> byReason;

    @Override
    public void open(OpenContext openContext) {
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        deadLetters = metrics.counter("deadLetters");
        byReason = new EnumMap<>(DeadLetterReason.class);
        MetricGroup reasons = metrics.addGroup("deadLettersByReason");
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            byReason.put(reason, reasons.counter(reason.name()));
        }
    }

    @Override
    public void processElement(Either<DeadLetter, T> value, Context ctx, Collector<T> out) {
        if (value.isRight()) {
            out.collect(value.right());
        } else {
            DeadLetter letter = value.left();
            deadLetters.inc();
            byReason.get(letter.getReason()).inc();
            ctx.output(StateDescriptors.DEAD_LETTERS, letter);
        }
    }
}
