package org.fraudgraph.job.fn;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import org.fraudgraph.graph.AccountEvent;
import org.fraudgraph.schema.FeedbackEvent;

/**
 * Verdicts into the account stage: about an account, keyed by the account; about a device, phone,
 * merchant..., keyed by that node and passed through to it ({@link AccountEvent#entityVerdict}).
 */
public final class FeedbackToAccountEvents implements FlatMapFunction<FeedbackEvent, AccountEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(FeedbackEvent event, Collector<AccountEvent> out) {
        AccountEvent onAccount = AccountEvent.ofFeedback(event);
        out.collect(onAccount != null ? onAccount : AccountEvent.ofEntityFeedback(event));
    }
}
