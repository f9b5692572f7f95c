package org.fraudgraph.job.fn;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import org.fraudgraph.graph.AccountEvent;
import org.fraudgraph.schema.FeedbackEvent;

/** Keeps the verdicts about accounts; verdicts about other entities wait for the graph stage. */
public final class AccountFeedbackOnly implements FlatMapFunction<FeedbackEvent, AccountEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(FeedbackEvent event, Collector<AccountEvent> out) {
        AccountEvent accountEvent = AccountEvent.ofFeedback(event);
        if (accountEvent != null) {
            out.collect(accountEvent);
        }
    }
}
