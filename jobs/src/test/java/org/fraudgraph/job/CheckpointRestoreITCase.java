package org.fraudgraph.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.IncrementalRemoteKeyedStateHandle;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.fraudgraph.job.io.EventProducer;
import org.fraudgraph.job.io.ResultReader;
import org.fraudgraph.job.io.Topics;
import org.fraudgraph.job.options.JobOptions;
import org.fraudgraph.job.testing.EmbeddedKafkaExtension;
import org.fraudgraph.job.testing.JobTesting;
import org.fraudgraph.schema.DeviceEvent;
import org.fraudgraph.schema.DeviceEventType;
import org.fraudgraph.schema.DeviceFingerprint;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.schema.RingCase;
import org.fraudgraph.schema.TransactionEvent;
import org.fraudgraph.schema.TransactionType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stops the job after a checkpoint and starts it again from that checkpoint: the account's and the
 * merchant's windows continue where they were, every event is scored exactly once across the two
 * runs, the checkpoint holds incremental RocksDB state, and the case topic ({@code read_committed})
 * has each case version once; then the same events through a run that is never stopped give the
 * same scores and the same ring.
 */
class CheckpointRestoreITCase {
    private static final Instant START = Instant.now().minus(Duration.ofMinutes(30));

    @RegisterExtension
    static final MiniClusterExtension FLINK = JobTesting.miniCluster(new Configuration());

    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir static Path temp;

    @Test
    void resumesAccountCountersFromARetainedCheckpointWithoutDuplicates() throws Exception {
        Topics topics = JobTesting.topics("it-restore");
        KAFKA.kafka().createTopics(topics.newTopics(2, (short) 1));
        Path checkpoints = temp.resolve("checkpoints");
        JobOptions options = JobTesting.options(KAFKA.bootstrapServers(), topics, checkpoints);

        List<String> sent = new ArrayList<>();
        JobClient first = start(options, null);
        Path checkpoint;
        try (EventProducer producer = new EventProducer(KAFKA.bootstrapServers(), topics);
                ResultReader<FraudScore> scores =
                        new ResultReader<>(
                                KAFKA.bootstrapServers(), topics.scores(), FraudScore.class)) {
            sent.addAll(registeredAndActing(producer, scores, new ArrayList<>()));
        } finally {
            cancelAndWait(first);
        }
        // The scores were committed, so a checkpoint holding their state completed; cancellation
        // retains the newest.
        checkpoint = newestCompletedCheckpoint(checkpoints.resolve(first.getJobID().toString()));
        assertThat(keyedStateHandles(checkpoint))
                .as("keyed state is in RocksDB, checkpointed incrementally")
                .isNotEmpty()
                .allMatch(h -> h instanceof IncrementalRemoteKeyedStateHandle);

        try (EventProducer producer = new EventProducer(KAFKA.bootstrapServers(), topics)) {
            sent.addAll(afterTheStop(producer));
        }
        List<FraudScore> disturbedScores;
        List<RingCase> disturbedCases;
        JobClient second = start(options, checkpoint);
        try (ResultReader<FraudScore> scores =
                new ResultReader<>(KAFKA.bootstrapServers(), topics.scores(), FraudScore.class)) {
            List<FraudScore> all = scores.readAtLeast(21, Duration.ofSeconds(60));
            all.addAll(scores.poll(Duration.ofSeconds(2)));
            disturbedScores = all;
            assertThat(all)
                    .extracting(FraudScore::getEventId)
                    .containsExactlyInAnyOrderElementsOf(sent);
            FraudScore sixth =
                    all.stream()
                            .filter(s -> s.getEventId().equals("tx-acc-restore-6"))
                            .findFirst()
                            .orElseThrow();
            assertThat(sixth.getFeatures())
                    .as("the account's and the merchant's windows continue across the restore")
                    .containsEntry("account.events_24h", 6.0)
                    .containsEntry("account.events_1h", 6.0)
                    .containsEntry("merchant.buyers_24h", 6.0)
                    .containsEntry("novelty.new_merchant", 0.0);
            assertThat(sixth.getFeatures())
                    .as(
                            "the risk stage remembers the farm's open case across the restore, and"
                                    + " that an event before the stop showed its version")
                    .containsEntry("case.open_cases", 1.0)
                    .doesNotContainKey("case.new_version");
            assertThat(sixth.getReasons())
                    .extracting(r -> r.getCode())
                    .doesNotContain("OPEN_CASE_MEMBER");
            try (ResultReader<RingCase> cases =
                    new ResultReader<>(KAFKA.bootstrapServers(), topics.cases(), RingCase.class)) {
                List<RingCase> versions = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (System.nanoTime() < deadline
                        && versions.stream().noneMatch(c -> hasLateAccount(c))) {
                    versions.addAll(cases.poll(Duration.ofMillis(500)));
                }
                versions.addAll(cases.poll(Duration.ofSeconds(2)));
                // One case: its versions 1, 2, ... each once (the exactly-once sink drops what the
                // first run emitted after its last checkpoint), and the restored ring store grows
                // the same case with the late accounts.
                assertThat(versions)
                        .extracting(RingCase::getCaseId)
                        .containsOnly(versions.get(0).getCaseId());
                assertThat(versions)
                        .extracting(RingCase::getVersion)
                        .isEqualTo(
                                java.util.stream.IntStream.rangeClosed(1, versions.size())
                                        .boxed()
                                        .toList());
                assertThat(versions.size()).isGreaterThanOrEqualTo(2);
                // The version that crossed the growth step holds one or both late accounts.
                RingCase last = versions.get(versions.size() - 1);
                assertThat(hasLateAccount(last)).as("grown after the restore").isTrue();
                assertThat(accounts(last)).contains("acc-restore");
                disturbedCases = versions;
            }
        } finally {
            cancelAndWait(second);
        }
        compareWithAnUndisturbedRun(disturbedScores, disturbedCases);
    }

    /**
     * The same events through one run that is never stopped: every event once, with the same
     * account windows, and one ring case with its versions each once, none of its members missing
     * from the restored run's ring.
     */
    private static void compareWithAnUndisturbedRun(
            List<FraudScore> disturbedScores, List<RingCase> disturbedCases) throws Exception {
        Topics calm = JobTesting.topics("it-undisturbed");
        KAFKA.kafka().createTopics(calm.newTopics(2, (short) 1));
        JobClient job =
                start(
                        JobTesting.options(
                                KAFKA.bootstrapServers(), calm, temp.resolve("calm-checkpoints")),
                        null);
        try (EventProducer producer = new EventProducer(KAFKA.bootstrapServers(), calm);
                ResultReader<FraudScore> scores =
                        new ResultReader<>(
                                KAFKA.bootstrapServers(), calm.scores(), FraudScore.class);
                ResultReader<RingCase> cases =
                        new ResultReader<>(
                                KAFKA.bootstrapServers(), calm.cases(), RingCase.class)) {
            List<FraudScore> undisturbed = new ArrayList<>();
            registeredAndActing(producer, scores, undisturbed);
            afterTheStop(producer);
            producer.flush();
            undisturbed.addAll(scores.readAtLeast(3, Duration.ofSeconds(60)));
            undisturbed.addAll(scores.poll(Duration.ofSeconds(2)));
            assertThat(undisturbed).hasSameSizeAs(disturbedScores);
            java.util.Map<String, FraudScore> byEvent = new java.util.HashMap<>();
            disturbedScores.forEach(x -> byEvent.put(x.getEventId(), x));
            for (FraudScore u : undisturbed) {
                FraudScore d = byEvent.get(u.getEventId());
                assertThat(d).as("scored in both runs: %s", u.getEventId()).isNotNull();
                // The account's own windows are the same. A shared node's counts may differ: live,
                // events of different accounts reach a node in whatever order the partitions
                // deliver them, so two undisturbed runs can differ there too (replay orders by
                // event time and is byte-identical).
                assertThat(ownFeatures(d)).as(u.getEventId()).isEqualTo(ownFeatures(u));
            }
            List<RingCase> versions = new ArrayList<>(cases.readAtLeast(1, Duration.ofSeconds(60)));
            versions.addAll(cases.poll(Duration.ofSeconds(3)));
            assertThat(versions)
                    .extracting(RingCase::getCaseId)
                    .containsOnly(versions.get(0).getCaseId());
            assertThat(versions)
                    .extracting(RingCase::getVersion)
                    .isEqualTo(
                            java.util.stream.IntStream.rangeClosed(1, versions.size())
                                    .boxed()
                                    .toList());
            // Versions are emitted as the ring grows by a fifth, and where those steps fall
            // depends on arrival order; but nothing the undisturbed run reports is missing from
            // the ring the stopped and restored run ended with.
            List<String> restoredRing = accounts(disturbedCases.get(disturbedCases.size() - 1));
            for (RingCase c : versions) {
                assertThat(restoredRing).containsAll(accounts(c));
            }
        } finally {
            cancelAndWait(job);
        }
    }

    private static java.util.Map<String, Double> ownFeatures(FraudScore s) {
        java.util.Map<String, Double> own = new java.util.TreeMap<>();
        s.getFeatures()
                .forEach(
                        (k, v) -> {
                            if (k.startsWith("account.") || k.startsWith("novelty.")) {
                                own.put(k, v);
                            }
                        });
        return own;
    }

    /**
     * Six accounts register on the device two days before (new accounts: a farm), and once the job
     * has scored that, each pays five times: a live platform sees an account's registration before
     * what it does, whichever topic each comes on.
     */
    private static List<String> registeredAndActing(
            EventProducer producer, ResultReader<FraudScore> scores, List<FraudScore> read) {
        List<String> sent = new ArrayList<>();
        Instant before = START.minus(Duration.ofDays(2));
        sent.add(register(producer, "acc-restore", "shared-device", before));
        for (int i = 0; i < 5; i++) {
            sent.add(
                    register(
                            producer,
                            "acc-other-" + i,
                            "shared-device",
                            before.plus(Duration.ofMinutes(i + 1))));
        }
        // The two that join after the restore registered on phones of their own.
        for (int i = 1; i <= 2; i++) {
            sent.add(
                    register(
                            producer,
                            "acc-late-" + i,
                            "own-device-" + i,
                            before.plus(Duration.ofMinutes(10 + i))));
        }
        producer.flush();
        read.addAll(scores.readAtLeast(8, Duration.ofSeconds(60)));
        assertThat(read).hasSize(8);
        sent.addAll(beforeTheStop(producer));
        producer.flush();
        read.addAll(scores.readAtLeast(10, Duration.ofSeconds(60)));
        assertThat(read).hasSize(18);
        return sent;
    }

    private static List<String> beforeTheStop(EventProducer producer) {
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(send(producer, "acc-restore", i));
            sent.add(send(producer, "acc-other-" + i, i));
        }
        return sent;
    }

    private static List<String> afterTheStop(EventProducer producer) {
        List<String> sent = new ArrayList<>();
        sent.add(send(producer, "acc-restore", 6));
        // Two new accounts on the farm's device (paying elsewhere, so the merchant's window
        // above stays the same): the ring grows by more than a fifth.
        sent.add(send(producer, "acc-late-1", 7, "m-2"));
        sent.add(send(producer, "acc-late-2", 7, "m-2"));
        return sent;
    }

    private static boolean hasLateAccount(RingCase c) {
        return accounts(c).contains("acc-late-1") || accounts(c).contains("acc-late-2");
    }

    private static List<String> accounts(RingCase c) {
        return c.getMembers().stream()
                .filter(m -> m.getEntityType() == EntityType.ACCOUNT)
                .map(m -> m.getEntityId())
                .toList();
    }

    private static String register(
            EventProducer producer, String account, String device, Instant t) {
        String id = "reg-" + account;
        producer.send(
                DeviceEvent.newBuilder()
                        .setEventId(id)
                        .setEventTime(t)
                        .setType(DeviceEventType.REGISTER)
                        .setAccountId(account)
                        .setDeviceId(device)
                        .setFingerprint(
                                DeviceFingerprint.newBuilder()
                                        .setModel("Redmi 12")
                                        .setOs("Android")
                                        .build())
                        .setIp("10.9.8.7")
                        .setCity("Hangzhou")
                        .build());
        return id;
    }

    private static String send(EventProducer producer, String account, int minute) {
        return send(producer, account, minute, "m-1");
    }

    private static String send(
            EventProducer producer, String account, int minute, String merchant) {
        String id = "tx-" + account + "-" + minute;
        producer.send(
                TransactionEvent.newBuilder()
                        .setEventId(id)
                        .setEventTime(START.plus(Duration.ofMinutes(minute)))
                        .setType(TransactionType.PAYMENT)
                        .setAccountId(account)
                        .setMerchantId(merchant)
                        // Six new accounts on one device: a farm the ring stage reports before the
                        // stop and grows after the restore.
                        .setDeviceId("shared-device")
                        .setAmountMinor(10_000)
                        .build());
        return id;
    }

    private static JobClient start(JobOptions options, Path restoreFrom) throws Exception {
        Configuration conf = FlinkSettings.of(options, null);
        if (restoreFrom != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restoreFrom.toString());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        FraudGraphJob.wire(env, options);
        return env.executeAsync("fraudgraph-it-restore");
    }

    private static void cancelAndWait(JobClient job) throws Exception {
        job.cancel().get();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!job.getJobStatus().get().isGloballyTerminalState()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job did not stop within 30 s");
            }
            Thread.sleep(100);
        }
    }

    private static Path newestCompletedCheckpoint(Path jobDir) throws IOException {
        try (Stream<Path> dirs = Files.list(jobDir)) {
            Optional<Path> newest =
                    dirs.filter(d -> d.getFileName().toString().startsWith("chk-"))
                            .filter(d -> Files.exists(d.resolve("_metadata")))
                            .max(
                                    Comparator.comparingLong(
                                            d ->
                                                    Long.parseLong(
                                                            d.getFileName()
                                                                    .toString()
                                                                    .substring(4))));
            return newest.orElseThrow(
                    () -> new AssertionError("no completed checkpoint in " + jobDir));
        }
    }

    private static List<KeyedStateHandle> keyedStateHandles(Path checkpoint) throws IOException {
        CheckpointMetadata metadata;
        try (InputStream in = Files.newInputStream(checkpoint.resolve("_metadata"))) {
            metadata =
                    Checkpoints.loadCheckpointMetadata(
                            new DataInputStream(in),
                            CheckpointRestoreITCase.class.getClassLoader(),
                            checkpoint.toString());
        }
        List<KeyedStateHandle> handles = new ArrayList<>();
        for (OperatorState operator : metadata.getOperatorStates()) {
            for (OperatorSubtaskState subtask : operator.getStates()) {
                subtask.getManagedKeyedState().forEach(handles::add);
            }
        }
        return handles;
    }
}
