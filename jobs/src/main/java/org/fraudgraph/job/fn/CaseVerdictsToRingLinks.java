package org.fraudgraph.job.fn;

import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.fraudgraph.ring.RingLink;
import org.fraudgraph.schema.FeedbackEvent;
import org.fraudgraph.schema.Verdict;

/**
 * An analyst's false-positive or cleared verdict that names a case, into the ring stage: a {@code
 * CASE_DISMISSED} link closes the case. Other verdicts pass the ring stage by (a confirmed fraud
 * marks the account and taints its identifiers in the graph stages).
 *
 * <p>The link is placed at the verdict's time, but never later than the record's arrival (the
 * source's timestamp, see {@code DecodedEventTime}): the ring stage's clock follows its links, and
 * a verdict stamped days ahead must not expire every case early.
 */
public final class CaseVerdictsToRingLinks extends ProcessFunction<FeedbackEvent, RingLink> {
    private static final long serialVersionUID = 1L;

    @Override
    public void processElement(FeedbackEvent event, Context ctx, Collector<RingLink> out) {
        if (event.getCaseId() == null
                || !(event.getVerdict() == Verdict.FALSE_POSITIVE
                        || event.getVerdict() == Verdict.CLEARED)) {
            return;
        }
        long time = event.getEventTime().toEpochMilli();
        Long trusted = ctx.timestamp();
        if (trusted != null && trusted < time) {
            time = trusted;
        }
        out.collect(
                RingLink.of(
                        RingLink.Relation.CASE_DISMISSED,
                        event.getEntityId(),
                        event.getCaseId(),
                        event.getEventId(),
                        time,
                        0));
    }
}
