package org.fraudgraph.job.fn;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.fraudgraph.graph.AccountEvent;
import org.fraudgraph.job.PipelineConfig;
import org.fraudgraph.schema.Decision;
import org.fraudgraph.schema.EventKind;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.score.VelocityScorer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-account stage driven by Flink's operator test harness, on the real RocksDB backend; the
 * drain tests use the heap backend because only it can count its state entries.
 */
class AccountVelocityFunctionTest {
    private static final Instant MONDAY_9AM = Instant.parse("2026-11-23T09:00:00Z");
    private static final PipelineConfig CONFIG = PipelineConfig.defaults();

    private KeyedOneInputStreamOperatorTestHarness<String, AccountEvent, FraudScore> harness;
    private int sequence;

    @BeforeEach
    void openHarness() throws Exception {
        harness = newHarness(new EmbeddedRocksDBStateBackend());
        harness.open();
    }

    private void useCountableHeapState() throws Exception {
        harness.close();
        harness = newHarness(new HashMapStateBackend());
        harness.open();
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, AccountEvent, FraudScore>
            newHarness(StateBackend backend) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new AccountVelocityFunction(CONFIG)),
                        e -> e.accountId,
                        Types.STRING);
        h.setStateBackend(backend);
        return h;
    }

    private void pay(String account, Duration at, long amountMinor) throws Exception {
        long time = MONDAY_9AM.plus(at).toEpochMilli();
        harness.processElement(
                new AccountEvent(
                        "tx-" + sequence++,
                        EventKind.TRANSACTION,
                        account,
                        time,
                        amountMinor,
                        AccountEvent.Feedback.NONE),
                time);
    }

    private void verdict(String account, Duration at, AccountEvent.Feedback feedback)
            throws Exception {
        long time = MONDAY_9AM.plus(at).toEpochMilli();
        harness.processElement(
                new AccountEvent(
                        "fb-" + sequence++, EventKind.FEEDBACK, account, time, 0, feedback),
                time);
    }

    private FraudScore lastScore() {
        List<FraudScore> scores = harness.extractOutputValues();
        return scores.get(scores.size() - 1);
    }

    @Test
    void scoresEachEventAgainstItsAccountsLastTwentyFourHours() throws Exception {
        pay("acc-1", Duration.ZERO, 10_000);
        pay("acc-2", Duration.ofMinutes(1), 99_900);
        pay("acc-1", Duration.ofHours(3), 20_000);
        pay("acc-1", Duration.ofHours(26), 5_000);

        List<FraudScore> scores = harness.extractOutputValues();
        assertThat(scores)
                .extracting(FraudScore::getEntityId)
                .containsExactly("acc-1", "acc-2", "acc-1", "acc-1");
        assertThat(scores)
                .extracting(s -> s.getFeatures().get(VelocityScorer.FEATURE_EVENTS_24H))
                .containsExactly(1.0, 1.0, 2.0, 2.0);
        assertThat(scores.get(2).getFeatures())
                .containsEntry(VelocityScorer.FEATURE_AMOUNT_24H, 30_000.0);
        // 26 h later the 9:00 payment has left the window, the 12:00 one has not.
        assertThat(scores.get(3).getFeatures())
                .containsEntry(VelocityScorer.FEATURE_AMOUNT_24H, 25_000.0);
        assertThat(scores).allMatch(s -> s.getDecision() == Decision.ALLOW);
    }

    @Test
    void blocksTheFortiethPaymentOfTheDay() throws Exception {
        for (int i = 0; i < 40; i++) {
            pay("acc-bot", Duration.ofMinutes(i * 10L), 50_000);
        }
        assertThat(lastScore().getDecision()).isEqualTo(Decision.BLOCK);
        assertThat(lastScore().getReasons().get(0).getDetail()).isEqualTo("40 events in 24 h");
    }

    @Test
    void confirmedFraudFeedbackBlocksTheAccountUntilCleared() throws Exception {
        verdict("acc-1", Duration.ZERO, AccountEvent.Feedback.CONFIRMED_FRAUD);
        assertThat(harness.extractOutputValues()).as("feedback is not scored").isEmpty();
        pay("acc-1", Duration.ofDays(3), 1_000);
        assertThat(lastScore().getDecision()).isEqualTo(Decision.BLOCK);
        assertThat(lastScore().getReasons().get(0).getCode()).isEqualTo("CONFIRMED_FRAUD");
        verdict("acc-1", Duration.ofDays(4), AccountEvent.Feedback.CLEARED);
        pay("acc-1", Duration.ofDays(4).plusMinutes(1), 1_000);
        assertThat(lastScore().getDecision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void stateAndTimersDrainOnceTheWindowHasPassed() throws Exception {
        useCountableHeapState();
        pay("acc-1", Duration.ZERO, 10_000);
        pay("acc-2", Duration.ofHours(2), 10_000);
        verdict("acc-3", Duration.ofHours(2), AccountEvent.Feedback.CONFIRMED_FRAUD);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(3);
        assertThat(harness.numEventTimeTimers()).isEqualTo(3);

        harness.processWatermark(MONDAY_9AM.plus(Duration.ofHours(27)).toEpochMilli());
        assertThat(harness.numKeyedStateEntries())
                .as("the fraud mark outlives the window")
                .isEqualTo(1);

        harness.processWatermark(
                MONDAY_9AM.plus(CONFIG.taintRetention()).plus(Duration.ofHours(4)).toEpochMilli());
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aBusyAccountKeepsOneCleanUpTimerAndABoundedState() throws Exception {
        useCountableHeapState();
        for (int i = 0; i < 500; i++) {
            pay("acc-bot", Duration.ofMinutes(i * 7L), 1_000);
        }
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        harness.processWatermark(Long.MAX_VALUE);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void restoresCountersFromASnapshot() throws Exception {
        pay("acc-1", Duration.ZERO, 10_000);
        pay("acc-1", Duration.ofMinutes(5), 10_000);
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();

        harness = newHarness(new EmbeddedRocksDBStateBackend());
        harness.initializeState(snapshot);
        harness.open();
        pay("acc-1", Duration.ofMinutes(10), 10_000);
        assertThat(lastScore().getFeatures())
                .containsEntry(VelocityScorer.FEATURE_EVENTS_24H, 3.0)
                .containsEntry(VelocityScorer.FEATURE_AMOUNT_24H, 30_000.0);
    }
}
