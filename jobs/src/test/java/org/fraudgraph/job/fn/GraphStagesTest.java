package org.fraudgraph.job.fn;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.fraudgraph.feature.FeatureCatalog;
import org.fraudgraph.graph.AccountEvent;
import org.fraudgraph.job.PipelineConfig;
import org.fraudgraph.job.state.StateDescriptors;
import org.fraudgraph.node.AccountPart;
import org.fraudgraph.node.EdgeRequest;
import org.fraudgraph.node.NodeAnswer;
import org.fraudgraph.schema.EventKind;
import org.fraudgraph.schema.FraudScore;
import org.junit.jupiter.api.Test;

/**
 * The three keyed stages (account, node, join) driven by Flink's operator test harness, on the real
 * RocksDB backend; the drain tests use the heap backend because only it can count its state
 * entries.
 */
class GraphStagesTest {
    private static final Instant MONDAY_9AM = Instant.parse("2026-11-23T09:00:00Z");
    private static final PipelineConfig CONFIG = PipelineConfig.defaults();
    private int sequence;

    private static KeyedOneInputStreamOperatorTestHarness<String, AccountEvent, EdgeRequest>
            accountStage(StateBackend backend) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new AccountGraphFunction(CONFIG)),
                        e -> e.accountId,
                        Types.STRING);
        h.setStateBackend(backend);
        h.open();
        return h;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, EdgeRequest, NodeAnswer>
            nodeStage(StateBackend backend) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new NodeGraphFunction(CONFIG)),
                        r -> r.node,
                        Types.STRING);
        h.setStateBackend(backend);
        h.open();
        return h;
    }

    private AccountEvent payment(String account, Duration at, String... nodes) {
        AccountEvent e =
                new AccountEvent(
                        "tx-" + sequence++,
                        EventKind.TRANSACTION,
                        account,
                        MONDAY_9AM.plus(at).toEpochMilli(),
                        10_000,
                        AccountEvent.Feedback.NONE);
        e.nodes = nodes;
        return e;
    }

    private static List<AccountPart> parts(
            KeyedOneInputStreamOperatorTestHarness<String, AccountEvent, EdgeRequest> h) {
        List<AccountPart> out = new ArrayList<>();
        var queue = h.getSideOutput(StateDescriptors.ACCOUNT_PARTS);
        if (queue != null) {
            queue.forEach(r -> out.add(r.getValue()));
        }
        return out;
    }

    private static double feature(AccountPart part, String name) {
        for (int i = 0; i < part.ids.length; i++) {
            if (FeatureCatalog.name(part.ids[i]).equals(name)) {
                return part.values[i];
            }
        }
        throw new AssertionError("no feature " + name);
    }

    @Test
    void theAccountStageFansOutOneEdgePerNodeAndSendsItsHalfToTheJoin() throws Exception {
        try (var h = accountStage(new EmbeddedRocksDBStateBackend())) {
            AccountEvent e = payment("acc-1", Duration.ZERO, "DEVICE:d", "MERCHANT:m");
            h.processElement(e, e.eventTimeMillis);
            assertThat(h.extractOutputValues())
                    .extracting(r -> r.op + " " + r.node + " " + r.eventId)
                    .containsExactly("UPDATE DEVICE:d tx-0", "UPDATE MERCHANT:m tx-0");
            AccountPart part = parts(h).get(0);
            assertThat(part.answersExpected).isEqualTo(2);
            assertThat(feature(part, "account.events_24h")).isEqualTo(1.0);
        }
    }

    @Test
    void anEventLaterThanTheAllowedLatenessGoesToTheLateOutput() throws Exception {
        try (var h = accountStage(new EmbeddedRocksDBStateBackend())) {
            h.processWatermark(MONDAY_9AM.plus(Duration.ofHours(1)).toEpochMilli());
            AccountEvent late = payment("acc-1", Duration.ZERO, "DEVICE:d");
            h.processElement(late, late.eventTimeMillis);
            AccountEvent inTime =
                    payment("acc-1", Duration.ofMinutes(59).plusSeconds(55), "DEVICE:d");
            h.processElement(inTime, inTime.eventTimeMillis);
            assertThat(h.getSideOutput(StateDescriptors.LATE_EVENTS))
                    .extracting(r -> r.getValue().eventId)
                    .containsExactly(late.eventId);
            assertThat(parts(h)).extracting(p -> p.eventId).containsExactly(inTime.eventId);
            assertThat(feature(parts(h).get(0), "account.events_24h")).isEqualTo(1.0);
        }
    }

    @Test
    void accountStateRestoresFromASnapshotAndItsWindowsContinue() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = accountStage(new EmbeddedRocksDBStateBackend())) {
            for (int i = 0; i < 2; i++) {
                AccountEvent e = payment("acc-1", Duration.ofMinutes(5L * i), "DEVICE:d" + i);
                h.processElement(e, e.eventTimeMillis);
            }
            snapshot = h.snapshot(1L, 1L);
        }
        var restored =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new AccountGraphFunction(CONFIG)),
                        (AccountEvent e) -> e.accountId,
                        Types.STRING);
        restored.setStateBackend(new EmbeddedRocksDBStateBackend());
        restored.initializeState(snapshot);
        restored.open();
        AccountEvent e = payment("acc-1", Duration.ofMinutes(10), "DEVICE:d0");
        restored.processElement(e, e.eventTimeMillis);
        AccountPart part = parts(restored).get(0);
        assertThat(feature(part, "account.events_1h")).isEqualTo(3.0);
        assertThat(feature(part, "account.devices_1h")).isEqualTo(2.0);
        assertThat(feature(part, "novelty.new_device")).isZero();
        restored.close();
    }

    @Test
    void accountAndNodeStateDrainOnceTheirMemoryHasPassed() throws Exception {
        try (var accounts = accountStage(new HashMapStateBackend());
                var nodes = nodeStage(new HashMapStateBackend())) {
            for (int i = 0; i < 300; i++) {
                AccountEvent e = payment("acc-" + (i % 3), Duration.ofMinutes(7L * i), "DEVICE:d");
                accounts.processElement(e, e.eventTimeMillis);
            }
            assertThat(accounts.numKeyedStateEntries()).isEqualTo(3);
            assertThat(accounts.numEventTimeTimers()).as("one timer per account").isEqualTo(3);
            for (EdgeRequest r : accounts.extractOutputValues()) {
                nodes.processElement(r, r.eventTimeMillis);
            }
            assertThat(nodes.extractOutputValues()).hasSize(300);
            assertThat(nodes.numKeyedStateEntries()).isEqualTo(1);
            assertThat(nodes.numEventTimeTimers()).isEqualTo(1);

            long lastEvent = MONDAY_9AM.plus(Duration.ofMinutes(7L * 299)).toEpochMilli();
            nodes.processWatermark(lastEvent + Duration.ofDays(7).plusHours(2).toMillis());
            assertThat(nodes.numKeyedStateEntries()).as("a node forgets after 7 d").isZero();
            accounts.processWatermark(lastEvent + Duration.ofDays(7).plusHours(2).toMillis());
            assertThat(accounts.numKeyedStateEntries())
                    .as("an account remembers its devices for 30 d")
                    .isEqualTo(3);
            accounts.processWatermark(lastEvent + Duration.ofDays(30).plusHours(2).toMillis());
            assertThat(accounts.numKeyedStateEntries()).isZero();
            assertThat(accounts.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void theJoinScoresOnceAllAnswersAreInWhateverTheirOrder() throws Exception {
        try (var h =
                new KeyedTwoInputStreamOperatorTestHarness<
                        String, AccountPart, NodeAnswer, FraudScore>(
                        new KeyedCoProcessOperator<>(new FeatureJoinFunction(CONFIG)),
                        p -> p.eventId,
                        a -> a.eventId,
                        Types.STRING)) {
            h.setStateBackend(new EmbeddedRocksDBStateBackend());
            h.open();
            h.processElement2(answer("e1", "DEVICE:d", "device.accounts_24h", 4), 1);
            AccountPart part = new AccountPart();
            part.eventId = "e1";
            part.kind = EventKind.TRANSACTION;
            part.accountId = "acc-1";
            part.eventTimeMillis = MONDAY_9AM.toEpochMilli();
            part.ids = new int[] {FeatureCatalog.id("account.events_24h")};
            part.values = new double[] {2};
            part.answersExpected = 2;
            h.processElement1(part, 1);
            assertThat(h.extractOutputValues()).isEmpty();
            h.processElement2(answer("e1", "MERCHANT:m", "merchant.buyers_24h", 9), 1);
            List<FraudScore> scores = h.extractOutputValues();
            assertThat(scores).hasSize(1);
            assertThat(scores.get(0).getFeatures())
                    .containsEntry("account.events_24h", 2.0)
                    .containsEntry("device.accounts_24h", 4.0)
                    .containsEntry("merchant.buyers_24h", 9.0)
                    .containsEntry("taint.distance", -1.0);

            AccountPart alone = new AccountPart();
            alone.eventId = "e2";
            alone.kind = EventKind.TRANSACTION;
            alone.accountId = "acc-2";
            h.processElement1(alone, 2);
            assertThat(h.extractOutputValues()).hasSize(2);
        }
    }

    private static KeyedTwoInputStreamOperatorTestHarness<
                    String, AccountPart, NodeAnswer, FraudScore>
            join() throws Exception {
        var h =
                new KeyedTwoInputStreamOperatorTestHarness<
                        String, AccountPart, NodeAnswer, FraudScore>(
                        new KeyedCoProcessOperator<>(new FeatureJoinFunction(CONFIG)),
                        p -> p.eventId,
                        a -> a.eventId,
                        Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    @Test
    void aHalfBuiltVectorSurvivesACheckpointAndCompletesAfterTheRestore() throws Exception {
        OperatorSubtaskState snapshot;
        AccountPart part = new AccountPart();
        part.eventId = "e9";
        part.kind = EventKind.APPLICATION;
        part.accountId = "acc-9";
        part.answersExpected = 2;
        try (var h = join()) {
            h.open();
            h.processElement1(part, 1);
            h.processElement2(answer("e9", "PHONE:p", "phone.accounts_7d", 3), 1);
            snapshot = h.snapshot(1L, 1L);
        }
        try (var restored = join()) {
            restored.initializeState(snapshot);
            restored.open();
            assertThat(restored.extractOutputValues()).isEmpty();
            restored.processElement2(answer("e9", "CONTACT:c", "contact.accounts_7d", 5), 2);
            List<FraudScore> scores = restored.extractOutputValues();
            assertThat(scores).hasSize(1);
            assertThat(scores.get(0).getFeatures())
                    .containsEntry("phone.accounts_7d", 3.0)
                    .containsEntry("contact.accounts_7d", 5.0);
        }
    }

    private static NodeAnswer answer(String eventId, String node, String name, double value) {
        NodeAnswer a = new NodeAnswer();
        a.eventId = eventId;
        a.node = node;
        a.ids = new int[] {FeatureCatalog.id(name)};
        a.values = new double[] {value};
        return a;
    }
}
