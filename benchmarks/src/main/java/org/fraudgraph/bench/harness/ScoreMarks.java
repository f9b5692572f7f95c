package org.fraudgraph.bench.harness;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The end of a benchmark job: swallows the scores and notes the wall-clock time of every {@link
 * #EVERY}th one each subtask sees, in the accumulator {@link #ACCUMULATOR}, so the benchmark can
 * take the rate between two marks of the run ({@link #rate}) instead of over the whole run, whose
 * start-up and end are not the job's sustained pace.
 */
public final class ScoreMarks<T> extends ProcessFunction<T, Void> {
    private static final long serialVersionUID = 1L;

    /** Scores per mark. */
    public static final int EVERY = 1_000;

    /** The accumulator of the marks: wall-clock milliseconds, one per {@link #EVERY} scores. */
    public static final String ACCUMULATOR = "scoreMarks";

    private transient ListAccumulator<Long> marks;
    private transient long seen;

    @Override
    public void open(OpenContext openContext) {
        marks = new ListAccumulator<>();
        getRuntimeContext().addAccumulator(ACCUMULATOR, marks);
    }

    @Override
    public void processElement(T score, Context ctx, Collector<Void> out) {
        if (++seen % EVERY == 0) {
            marks.add(System.currentTimeMillis());
        }
    }

    /**
     * The scores per second between the moment {@code from} of all marked scores had been seen and
     * the moment {@code to} had (fractions of the marks of all subtasks together), or {@code NaN}
     * when the marks are too few or too close in time to tell.
     */
    public static double rate(List<Long> marks, double from, double to) {
        if (!(0 <= from && from < to && to <= 1)) {
            throw new IllegalArgumentException("need 0 <= from < to <= 1: " + from + ", " + to);
        }
        List<Long> sorted = new ArrayList<>(marks);
        sorted.sort(null);
        int first = (int) Math.floor(from * (sorted.size() - 1));
        int last = (int) Math.floor(to * (sorted.size() - 1));
        if (last <= first) {
            return Double.NaN;
        }
        long millis = sorted.get(last) - sorted.get(first);
        if (millis <= 0) {
            return Double.NaN;
        }
        return (last - first) * (double) EVERY * 1000.0 / millis;
    }
}
