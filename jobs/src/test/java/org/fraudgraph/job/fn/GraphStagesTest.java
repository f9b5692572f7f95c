package org.fraudgraph.job.fn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.fraudgraph.feature.FeatureCatalog;
import org.fraudgraph.graph.AccountEvent;
import org.fraudgraph.job.config.PipelineConfig;
import org.fraudgraph.job.state.CachedValueState;
import org.fraudgraph.job.state.StateDescriptors;
import org.fraudgraph.job.types.JoinBuffer;
import org.fraudgraph.node.AccountPart;
import org.fraudgraph.node.EdgeRequest;
import org.fraudgraph.node.NodeAnswer;
import org.fraudgraph.schema.Decision;
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

    /**
     * The pipeline's defaults, but the state cache holds written values until the checkpoint
     * barrier (instead of writing those that rested 2 s), so a test sees exactly when they reach
     * the state however slow the machine.
     */
    private static final PipelineConfig CONFIG =
            PipelineConfig.defaults()
                    .withStateCache(new CachedValueState.Limits(32L << 20, 600_000, 600_000));

    private int sequence;

    private static KeyedOneInputStreamOperatorTestHarness<String, AccountEvent, EdgeRequest>
            accountStage(StateBackend backend) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new WriteBackOperator<>(new AccountGraphFunction(CONFIG)),
                        e -> e.accountId,
                        Types.STRING);
        h.setStateBackend(backend);
        h.open();
        return h;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, EdgeRequest, NodeAnswer>
            nodeStage(StateBackend backend) throws Exception {
        return nodeStage(backend, CONFIG, null);
    }

    /** The node stage as the pipeline runs it: its state cache writing back. */
    private static KeyedOneInputStreamOperatorTestHarness<String, EdgeRequest, NodeAnswer>
            nodeStage(StateBackend backend, PipelineConfig config, OperatorSubtaskState restore)
                    throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new WriteBackOperator<>(new NodeGraphFunction(config)),
                        (EdgeRequest r) -> r.node,
                        Types.STRING);
        h.setStateBackend(backend);
        if (restore != null) {
            h.initializeState(restore);
        }
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

    private static boolean hasFeature(AccountPart part, String name) {
        for (int id : part.ids) {
            if (FeatureCatalog.name(id).equals(name)) {
                return true;
            }
        }
        return false;
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
    void anEventSentTwiceIsAppliedOnce() throws Exception {
        try (var h = accountStage(new EmbeddedRocksDBStateBackend())) {
            AccountEvent e = payment("acc-1", Duration.ZERO, "DEVICE:d", "MERCHANT:m");
            AccountEvent again = payment("acc-1", Duration.ZERO, "DEVICE:d", "MERCHANT:m");
            again.eventId = e.eventId;
            h.processElement(e, e.eventTimeMillis);
            h.processElement(again, again.eventTimeMillis);
            AccountEvent next = payment("acc-1", Duration.ofMinutes(1), "DEVICE:d");
            next.eventId = "tx-next";
            h.processElement(next, next.eventTimeMillis);
            assertThat(parts(h)).extracting(p -> p.eventId).containsExactly("tx-0", "tx-next");
            assertThat(h.extractOutputValues())
                    .extracting(r -> r.op + " " + r.node + " " + r.eventId)
                    .containsExactly(
                            "UPDATE DEVICE:d tx-0",
                            "UPDATE MERCHANT:m tx-0",
                            "UPDATE DEVICE:d tx-next");
            assertThat(feature(parts(h).get(1), "account.events_1h")).isEqualTo(2.0);
        }
    }

    @Test
    void anEventLaterThanTheAllowedLatenessIsScoredAtTheJobsEventTimeAndSaysHowLate()
            throws Exception {
        try (var h = accountStage(new EmbeddedRocksDBStateBackend())) {
            long watermark = MONDAY_9AM.plus(Duration.ofHours(1)).toEpochMilli();
            h.processWatermark(watermark);
            AccountEvent late = payment("acc-1", Duration.ZERO, "DEVICE:d");
            h.processElement(late, late.eventTimeMillis);
            AccountEvent inTime =
                    payment("acc-1", Duration.ofMinutes(59).plusSeconds(55), "DEVICE:d");
            h.processElement(inTime, inTime.eventTimeMillis);
            assertThat(parts(h))
                    .extracting(p -> p.eventId)
                    .containsExactly(late.eventId, inTime.eventId);
            AccountPart latePart = parts(h).get(0);
            long earliestOnTime = watermark - CONFIG.allowedLateness().toMillis();
            assertThat(latePart.eventTimeMillis).isEqualTo(earliestOnTime);
            assertThat(feature(latePart, "event.late_minutes")).isEqualTo(60.0);
            assertThat(feature(latePart, "account.events_1h")).isEqualTo(1.0);
            // Both count, the late one at the earliest on-time moment: both inside the last hour.
            assertThat(feature(parts(h).get(1), "account.events_1h")).isEqualTo(2.0);
            assertThat(hasFeature(parts(h).get(1), "event.late_minutes")).isFalse();
            assertThat(h.extractOutputValues())
                    .extracting(
                            r -> r.op + " " + r.node + " " + r.eventId + " " + r.eventTimeMillis)
                    .contains("UPDATE DEVICE:d " + late.eventId + " " + earliestOnTime);
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
            // As a task does: the barrier's preparation writes the cached updates, then the
            // snapshot.
            h.prepareSnapshotPreBarrier(1L);
            snapshot = h.snapshot(1L, 1L);
        }
        var restored =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new WriteBackOperator<>(new AccountGraphFunction(CONFIG)),
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
            assertThat(accounts.numKeyedStateEntries())
                    .as("the updates wait in the cache until a checkpoint")
                    .isZero();
            accounts.prepareSnapshotPreBarrier(1L);
            assertThat(accounts.numKeyedStateEntries()).isEqualTo(3);
            assertThat(accounts.numEventTimeTimers()).as("one timer per account").isEqualTo(3);
            for (EdgeRequest r : accounts.extractOutputValues()) {
                nodes.processElement(r, r.eventTimeMillis);
            }
            assertThat(nodes.extractOutputValues()).hasSize(300);
            nodes.prepareSnapshotPreBarrier(1L);
            assertThat(nodes.numKeyedStateEntries()).isEqualTo(1);
            assertThat(nodes.numEventTimeTimers()).isEqualTo(1);

            long lastEvent = MONDAY_9AM.plus(Duration.ofMinutes(7L * 299)).toEpochMilli();
            // The one timer was set at the first event; when it fires the node is still in use,
            // so it is set again rather than dropping the node.
            nodes.processWatermark(MONDAY_9AM.plus(Duration.ofDays(7).plusHours(2)).toEpochMilli());
            assertThat(nodes.numKeyedStateEntries()).as("touched within 7 d").isEqualTo(1);
            assertThat(nodes.numEventTimeTimers()).as("its timer is set again").isEqualTo(1);
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

    /** 240 edges of 40 accounts on 24 devices, merchants and IPs, a minute apart. */
    private static List<EdgeRequest> edges() {
        List<EdgeRequest> edges = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            String node =
                    switch (i % 3) {
                        case 0 -> "DEVICE:d" + (i % 8);
                        case 1 -> "MERCHANT:m" + (i % 5);
                        default -> "IP:10.0.0." + (i % 11);
                    };
            EdgeRequest r =
                    EdgeRequest.of(
                            EdgeRequest.Op.UPDATE,
                            node,
                            "ev-" + i,
                            MONDAY_9AM.plus(Duration.ofMinutes(i)).toEpochMilli(),
                            1000 + i % 40);
            r.amountMinor = 5_000 + 100L * i;
            edges.add(r);
        }
        return edges;
    }

    private static String describe(NodeAnswer a) {
        return a.node
                + " "
                + a.eventId
                + " "
                + java.util.Arrays.toString(a.ids)
                + java.util.Arrays.toString(a.values)
                + java.util.Arrays.toString(a.accounts)
                + " others "
                + a.others7d
                + "/"
                + a.others24h
                + " shared "
                + a.shared
                + " burst "
                + a.burst;
    }

    /** Every answer of the node stage to {@link #edges()}, checkpointed and restored halfway. */
    private static List<String> answersAcrossARestore(PipelineConfig config) throws Exception {
        List<EdgeRequest> edges = edges();
        List<String> answers = new ArrayList<>();
        OperatorSubtaskState snapshot;
        try (var h = nodeStage(new EmbeddedRocksDBStateBackend(), config, null)) {
            for (EdgeRequest r : edges.subList(0, 120)) {
                h.processElement(r, r.eventTimeMillis);
            }
            h.prepareSnapshotPreBarrier(1L);
            snapshot = h.snapshot(1L, 1L);
            h.extractOutputValues().forEach(a -> answers.add(describe(a)));
        }
        try (var h = nodeStage(new EmbeddedRocksDBStateBackend(), config, snapshot)) {
            for (EdgeRequest r : edges.subList(120, edges.size())) {
                h.processElement(r, r.eventTimeMillis);
            }
            h.extractOutputValues().forEach(a -> answers.add(describe(a)));
        }
        return answers;
    }

    @Test
    void theStateCacheChangesNoAnswerAcrossACheckpointWhetherLargeTinyOrOff() throws Exception {
        List<String> withoutCache =
                answersAcrossARestore(CONFIG.withStateCache(CachedValueState.Limits.off()));
        assertThat(withoutCache).hasSize(240);
        // IP 10.0.0.8's last answer counts accounts from both sides of the restore: 2 in the
        // last hour, 8 in 24 h and in 7 d.
        assertThat(withoutCache.get(239))
                .startsWith("IP:10.0.0.8 ev-239")
                .contains("[2.0, 8.0, 8.0, 0.0]");
        // The default cache holds all 24 nodes; a 2 KiB one holds about three, so most updates
        // are written when they are evicted, under their own key.
        assertThat(answersAcrossARestore(CONFIG)).isEqualTo(withoutCache);
        assertThat(
                        answersAcrossARestore(
                                CONFIG.withStateCache(
                                        new CachedValueState.Limits(2048, 600_000, 600_000))))
                .isEqualTo(withoutCache);
    }

    @Test
    void cachedNodeUpdatesReachTheStateAtTheCheckpointBarrierOrWhenEvicted() throws Exception {
        try (var h = nodeStage(new HashMapStateBackend(), CONFIG, null)) {
            for (EdgeRequest r : edges()) {
                h.processElement(r, r.eventTimeMillis);
            }
            assertThat(h.numKeyedStateEntries()).as("all 24 nodes still in the cache").isZero();
            h.prepareSnapshotPreBarrier(1L);
            assertThat(h.numKeyedStateEntries()).isEqualTo(24);
        }
        PipelineConfig tiny =
                CONFIG.withStateCache(new CachedValueState.Limits(2048, 600_000, 600_000));
        try (var h = nodeStage(new HashMapStateBackend(), tiny, null)) {
            for (EdgeRequest r : edges()) {
                h.processElement(r, r.eventTimeMillis);
            }
            assertThat(h.numKeyedStateEntries())
                    .as("each node was evicted, and so written, at least once")
                    .isEqualTo(24);
            h.prepareSnapshotPreBarrier(1L);
            assertThat(h.numKeyedStateEntries()).isEqualTo(24);
        }
    }

    @Test
    void aCachedValueThatRestedIsWrittenBeforeTheBarrier() throws Exception {
        PipelineConfig restless =
                CONFIG.withStateCache(new CachedValueState.Limits(32L << 20, 600_000, 1));
        try (var h = nodeStage(new HashMapStateBackend(), restless, null)) {
            List<EdgeRequest> edges = edges();
            for (EdgeRequest r : edges) {
                h.processElement(r, r.eventTimeMillis);
            }
            Thread.sleep(5);
            EdgeRequest next = edges.get(0);
            next.eventId = "ev-next";
            h.processElement(next, next.eventTimeMillis);
            assertThat(h.numKeyedStateEntries())
                    .as("every node's value rested 1 ms and was written on the next update")
                    .isEqualTo(24);
        }
    }

    private static KeyedBroadcastOperatorTestHarness<String, JoinBuffer, String, FraudScore> join()
            throws Exception {
        var h =
                new KeyedBroadcastOperatorTestHarness<>(
                        new CoBroadcastWithKeyedOperator<>(
                                new FeatureJoinFunction(CONFIG),
                                List.of(StateDescriptors.SCORING_MODEL)),
                        JoinBuffer::eventId,
                        Types.STRING,
                        128,
                        1,
                        0);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    private static AccountPart part(String eventId, String accountId, int answersExpected) {
        AccountPart part = new AccountPart();
        part.eventId = eventId;
        part.kind = EventKind.TRANSACTION;
        part.accountId = accountId;
        part.eventTimeMillis = MONDAY_9AM.toEpochMilli();
        part.answersExpected = answersExpected;
        return part;
    }

    @Test
    void theJoinScoresOnceAllAnswersAreInWhateverTheirOrder() throws Exception {
        try (var h = join()) {
            h.open();
            h.processElement(JoinBuffer.of(answer("e1", "DEVICE:d", "device.accounts_24h", 4)), 1);
            AccountPart part = part("e1", "acc-1", 2);
            part.ids = new int[] {FeatureCatalog.id("account.events_24h")};
            part.values = new double[] {2};
            h.processElement(JoinBuffer.of(part), 1);
            assertThat(h.extractOutputValues()).isEmpty();
            h.processElement(
                    JoinBuffer.of(answer("e1", "MERCHANT:m", "merchant.buyers_24h", 9)), 1);
            List<FraudScore> scores = h.extractOutputValues();
            assertThat(scores).hasSize(1);
            assertThat(scores.get(0).getFeatures())
                    .containsEntry("account.events_24h", 2.0)
                    .containsEntry("device.accounts_24h", 4.0)
                    .containsEntry("merchant.buyers_24h", 9.0)
                    .containsEntry("taint.distance", -1.0);

            h.processElement(JoinBuffer.of(part("e2", "acc-2", 0)), 2);
            assertThat(h.extractOutputValues()).hasSize(2);
        }
    }

    @Test
    void aHalfBuiltVectorSurvivesACheckpointAndCompletesAfterTheRestore() throws Exception {
        OperatorSubtaskState snapshot;
        AccountPart part = part("e9", "acc-9", 2);
        part.kind = EventKind.APPLICATION;
        try (var h = join()) {
            h.open();
            h.processElement(JoinBuffer.of(part), 1);
            h.processElement(JoinBuffer.of(answer("e9", "PHONE:p", "phone.accounts_7d", 3)), 1);
            snapshot = h.snapshot(1L, 1L);
        }
        try (var restored = join()) {
            restored.initializeState(snapshot);
            restored.open();
            assertThat(restored.extractOutputValues()).isEmpty();
            restored.processElement(
                    JoinBuffer.of(answer("e9", "CONTACT:c", "contact.accounts_7d", 5)), 2);
            List<FraudScore> scores = restored.extractOutputValues();
            assertThat(scores).hasSize(1);
            assertThat(scores.get(0).getFeatures())
                    .containsEntry("phone.accounts_7d", 3.0)
                    .containsEntry("contact.accounts_7d", 5.0);
        }
    }

    private static final String STRICT_MODEL =
            """
            {"version": "strict-2", "bias": -2, "thresholds": {"review": 0.5, "block": 0.9},
             "terms": [{"code": "DEVICE_SHARED_24H", "feature": "device.accounts_24h",
                        "weight": 1.0, "from": 1, "detail": "{value} accounts on this device"}]}""";

    private FraudScore scoreOneEvent(
            KeyedBroadcastOperatorTestHarness<String, JoinBuffer, String, FraudScore> h,
            String eventId)
            throws Exception {
        h.processElement(JoinBuffer.of(part(eventId, "acc-" + eventId, 1)), 1);
        h.processElement(JoinBuffer.of(answer(eventId, "DEVICE:d", "device.accounts_24h", 6)), 1);
        List<FraudScore> all = h.extractOutputValues();
        return all.get(all.size() - 1);
    }

    @Test
    void aModelFromTheControlTopicIsInForceAtOnceAndAnInvalidOneIsRefused() throws Exception {
        String builtIn = CONFIG.scorer().version();
        try (var h = join()) {
            h.open();
            assertThat(scoreOneEvent(h, "e1").getConfigVersion()).isEqualTo(builtIn);

            h.processBroadcastElement(STRICT_MODEL, 2);
            FraudScore strict = scoreOneEvent(h, "e2");
            assertThat(strict.getConfigVersion()).isEqualTo("strict-2");
            // logit −2 + 1 × (6 − 1) = 3
            assertThat(strict.getScore()).isCloseTo(1 / (1 + Math.exp(-3)), within(1e-12));
            assertThat(strict.getDecision()).isEqualTo(Decision.BLOCK);
            assertThat(strict.getReasons().get(0).getDetail())
                    .isEqualTo("6 accounts on this device");

            h.processBroadcastElement(STRICT_MODEL.replace("\"bias\": -2,", ""), 3);
            h.processBroadcastElement("not json at all", 4);
            assertThat(scoreOneEvent(h, "e3").getConfigVersion())
                    .as("refused models leave the last good one in force")
                    .isEqualTo("strict-2");
            assertThat(h.getBroadcastState(StateDescriptors.SCORING_MODEL).get("active"))
                    .isEqualTo(STRICT_MODEL);
        }
    }

    @Test
    void theModelInForceSurvivesARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = join()) {
            h.open();
            h.processBroadcastElement(STRICT_MODEL, 1);
            snapshot = h.snapshot(1L, 1L);
        }
        try (var restored = join()) {
            restored.initializeState(snapshot);
            restored.open();
            assertThat(scoreOneEvent(restored, "e4").getConfigVersion()).isEqualTo("strict-2");
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
