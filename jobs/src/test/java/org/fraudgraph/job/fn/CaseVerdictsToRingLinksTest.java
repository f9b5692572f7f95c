package org.fraudgraph.job.fn;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.fraudgraph.ring.RingLink;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.FeedbackEvent;
import org.fraudgraph.schema.Verdict;
import org.junit.jupiter.api.Test;

class CaseVerdictsToRingLinksTest {
    private static FeedbackEvent verdict(String id, Verdict verdict, String caseId, long time) {
        return FeedbackEvent.newBuilder()
                .setEventId(id)
                .setEventTime(Instant.ofEpochMilli(time))
                .setEntityType(EntityType.ACCOUNT)
                .setEntityId("acc-1")
                .setVerdict(verdict)
                .setCaseId(caseId)
                .build();
    }

    @Test
    void aDismissalOfACaseIsALinkAtItsTimeButNeverAfterItsArrival() throws Exception {
        try (OneInputStreamOperatorTestHarness<FeedbackEvent, RingLink> harness =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(new CaseVerdictsToRingLinks()))) {
            harness.open();
            harness.processElement(verdict("v1", Verdict.FALSE_POSITIVE, "case-a", 1_000), 5_000);
            harness.processElement(verdict("v2", Verdict.CLEARED, "case-b", 9_000_000), 6_000);
            harness.processElement(verdict("v3", Verdict.CONFIRMED_FRAUD, "case-c", 2_000), 7_000);
            harness.processElement(verdict("v4", Verdict.FALSE_POSITIVE, null, 3_000), 8_000);
            assertThat(harness.extractOutputValues())
                    .extracting(l -> l.relation, l -> l.target, l -> l.accountId, l -> l.timeMillis)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(
                                    RingLink.Relation.CASE_DISMISSED, "case-a", "acc-1", 1_000L),
                            // Stamped far ahead: placed at its arrival.
                            org.assertj.core.groups.Tuple.tuple(
                                    RingLink.Relation.CASE_DISMISSED, "case-b", "acc-1", 6_000L));
        }
    }
}
