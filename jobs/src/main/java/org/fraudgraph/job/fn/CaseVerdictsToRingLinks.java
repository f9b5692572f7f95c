package org.fraudgraph.job.fn;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import org.fraudgraph.ring.RingLink;
import org.fraudgraph.schema.FeedbackEvent;
import org.fraudgraph.schema.Verdict;

/**
 * An analyst's false-positive or cleared verdict that names a case, into the ring stage: a {@code
 * CASE_DISMISSED} link closes the case. Other verdicts pass the ring stage by (a confirmed fraud
 * marks the account and taints its identifiers in the graph stages).
 */
public final class CaseVerdictsToRingLinks implements FlatMapFunction<FeedbackEvent, RingLink> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(FeedbackEvent event, Collector<RingLink> out) {
        if (event.getCaseId() == null
                || !(event.getVerdict() == Verdict.FALSE_POSITIVE
                        || event.getVerdict() == Verdict.CLEARED)) {
            return;
        }
        out.collect(
                RingLink.of(
                        RingLink.Relation.CASE_DISMISSED,
                        event.getEntityId(),
                        event.getCaseId(),
                        event.getEventId(),
                        event.getEventTime().toEpochMilli(),
                        0));
    }
}
