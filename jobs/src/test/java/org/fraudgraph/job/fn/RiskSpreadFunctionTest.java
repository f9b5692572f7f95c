package org.fraudgraph.job.fn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.fraudgraph.job.config.PipelineConfig;
import org.fraudgraph.job.state.StateDescriptors;
import org.fraudgraph.job.types.RiskInput;
import org.fraudgraph.risk.RiskSignal;
import org.fraudgraph.schema.Decision;
import org.fraudgraph.schema.EventKind;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.schema.ReasonCode;
import org.fraudgraph.score.ScoringModel;
import org.junit.jupiter.api.Test;

class RiskSpreadFunctionTest {
    private static KeyedBroadcastOperatorTestHarness<String, RiskInput, String, FraudScore> harness(
            PipelineConfig config) throws Exception {
        KeyedBroadcastOperatorTestHarness<String, RiskInput, String, FraudScore> h =
                ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                        new RiskSpreadFunction(config),
                        RiskInput::accountId,
                        Types.STRING,
                        StateDescriptors.SCORING_MODEL);
        h.setStateBackend(new HashMapStateBackend());
        h.open();
        return h;
    }

    /** Keyed state entries the stage holds (the heap backend of the test). */
    private static int entries(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> h) {
        return ((HeapKeyedStateBackend<?>) h.getOperator().getKeyedStateBackend())
                .numKeyValueStateEntries();
    }

    private static RiskInput score(String eventId, long time) {
        return score(eventId, time, EventKind.TRANSACTION, Map.of("account.events_1h", 1.0));
    }

    /** A credit application's score as the join sends it. */
    private static RiskInput application(String eventId, long time) {
        return score(
                eventId,
                time,
                EventKind.APPLICATION,
                Map.of("account.events_1h", 1.0, "event.application", 1.0));
    }

    private static RiskInput score(
            String eventId, long time, EventKind kind, Map<String, Double> features) {
        return RiskInput.of(ScoringModel.defaults().score(eventId, kind, "acc-1", time, features));
    }

    private static RiskInput caseVersion(long time, boolean open) {
        return RiskInput.of(RiskSignal.caseVersion("acc-1", time, "case-1", 0.75, open));
    }

    private static List<String> codes(FraudScore s) {
        return s.getReasons().stream().map(ReasonCode::getCode).toList();
    }

    @Test
    void anOpenCasesMemberIsShownOncePerVersionItsCreditHeldUntilTheLastVersionThenTheStateLeaves()
            throws Exception {
        try (var h = harness(PipelineConfig.defaults())) {
            RiskInput plain = score("e1", 1_000);
            h.processElement(plain, 1_000);
            assertThat(h.extractOutputValues()).containsExactly(plain.score);

            h.processElement(caseVersion(2_000, true), 2_000);
            h.processElement(score("e2", 3_000), 3_000);
            FraudScore member = h.extractOutputValues().get(1);
            assertThat(member.getFeatures())
                    .containsEntry("case.open_cases", 1.0)
                    .containsEntry("case.score", 0.75)
                    .containsEntry("case.new_version", 1.0);
            assertThat(member.getDecision()).isEqualTo(Decision.REVIEW);
            assertThat(codes(member)).contains("OPEN_CASE_MEMBER");
            assertThat(member.getScore()).isGreaterThan(plain.score.getScore());

            // The case is with an analyst now: the member's next payment is part of it, not
            // another alert; a credit application is held.
            h.processElement(score("e3", 3_500), 3_500);
            h.processElement(application("e4", 3_600), 3_600);
            FraudScore payment = h.extractOutputValues().get(2);
            assertThat(payment.getFeatures())
                    .containsEntry("case.open_cases", 1.0)
                    .doesNotContainKey("case.new_version");
            assertThat(payment.getDecision()).isEqualTo(Decision.ALLOW);
            FraudScore credit = h.extractOutputValues().get(3);
            assertThat(credit.getDecision()).isEqualTo(Decision.REVIEW);
            assertThat(codes(credit)).containsExactly("OPEN_CASE_CREDIT");

            // The case grew: shown once more.
            h.processElement(caseVersion(3_700, true), 3_700);
            h.processElement(score("e5", 3_800), 3_800);
            FraudScore grown = h.extractOutputValues().get(4);
            assertThat(grown.getFeatures()).containsEntry("case.new_version", 1.0);
            assertThat(grown.getDecision()).isEqualTo(Decision.REVIEW);

            h.processElement(caseVersion(4_000, false), 4_000);
            assertThat(entries(h)).as("nothing left to remember").isZero();
            h.processElement(score("e6", 5_000), 5_000);
            h.processElement(application("e7", 5_100), 5_100);
            FraudScore after = h.extractOutputValues().get(5);
            assertThat(after.getFeatures()).doesNotContainKey("case.open_cases");
            assertThat(after.getDecision()).isEqualTo(Decision.ALLOW);
            assertThat(after.getScore()).isEqualTo(plain.score.getScore());
            assertThat(h.extractOutputValues().get(6).getDecision()).isEqualTo(Decision.ALLOW);
        }
    }

    @Test
    void aReplayAppliesScoresAndSignalsInEventTimeOrderWhateverTheArrivalOrder() throws Exception {
        try (var h = harness(PipelineConfig.defaults().inEventTimeOrder())) {
            // The case arrives after the later score, and with the score of its own millisecond.
            h.processElement(score("later", 3_000), 3_000);
            h.processElement(caseVersion(2_000, true), 2_000);
            h.processElement(score("same-ms", 2_000), 2_000);
            assertThat(h.extractOutputValues()).isEmpty();
            h.processBroadcastWatermark(10_000);
            h.processWatermark(10_000);
            List<FraudScore> out = h.extractOutputValues();
            assertThat(out).extracting(FraudScore::getEventId).containsExactly("same-ms", "later");
            assertThat(out.get(0).getFeatures()).doesNotContainKey("case.open_cases");
            assertThat(out.get(1).getFeatures()).containsEntry("case.open_cases", 1.0);
        }
    }

    @Test
    void moneyFromRiskySendersIsAFeatureForSevenDays() throws Exception {
        try (var h = harness(PipelineConfig.defaults())) {
            h.processElement(
                    RiskInput.of(
                            RiskSignal.taint(
                                    "acc-1",
                                    1_000,
                                    "mule",
                                    50_000,
                                    RiskSignal.Source.FLAGGED,
                                    null)),
                    1_000);
            h.processElement(score("e1", 2_000), 2_000);
            long week = 7 * 24 * 3_600_000L;
            h.processElement(score("e2", 1_000 + week + 1), 1_000 + week + 1);
            List<FraudScore> out = h.extractOutputValues();
            assertThat(out.get(0).getFeatures()).containsEntry("taint.risky_senders_7d", 1.0);
            // No weight in the built-in model: the score is the same as without it.
            assertThat(out.get(0).getScore()).isEqualTo(score("x", 2_000).score.getScore());
            assertThat(out.get(1).getFeatures()).doesNotContainKey("taint.risky_senders_7d");
            // The models input is idle in the job: it never holds the stage's clock back.
            h.processBroadcastWatermark(Long.MAX_VALUE);
            h.processWatermark(1_000 + week + 2);
            assertThat(entries(h)).as("cleared by its timer").isZero();
        }
    }
}
