package org.fraudgraph.job.fn;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import org.fraudgraph.graph.NodeKind;
import org.fraudgraph.node.EdgeRequest;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.FeedbackEvent;
import org.fraudgraph.schema.Verdict;

/**
 * Verdicts about non-account entities (a device, a phone, a merchant...) become CONFIRM or CLEAR
 * requests to that node; a phone verdict reaches both the phone and the contact-phone node.
 * Verdicts about accounts go to the account stage instead ({@link AccountFeedbackOnly}).
 */
public final class EntityFeedback implements FlatMapFunction<FeedbackEvent, EdgeRequest> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(FeedbackEvent e, Collector<EdgeRequest> out) {
        if (e.getEntityType() == EntityType.ACCOUNT) {
            return;
        }
        EdgeRequest.Op op =
                e.getVerdict() == Verdict.CONFIRMED_FRAUD || e.getVerdict() == Verdict.CHARGEBACK
                        ? EdgeRequest.Op.CONFIRM
                        : EdgeRequest.Op.CLEAR;
        NodeKind kind = NodeKind.valueOf(e.getEntityType().name());
        long time = e.getEventTime().toEpochMilli();
        out.collect(EdgeRequest.of(op, kind.key(e.getEntityId()), e.getEventId(), time, 0));
        if (kind == NodeKind.PHONE) {
            out.collect(
                    EdgeRequest.of(
                            op, NodeKind.CONTACT.key(e.getEntityId()), e.getEventId(), time, 0));
        }
    }
}
