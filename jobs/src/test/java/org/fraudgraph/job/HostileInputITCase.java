package org.fraudgraph.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.fraudgraph.job.io.EventProducer;
import org.fraudgraph.job.io.ResultReader;
import org.fraudgraph.job.io.Topics;
import org.fraudgraph.job.options.JobOptions;
import org.fraudgraph.job.testing.EmbeddedKafkaExtension;
import org.fraudgraph.job.testing.FlinkRest;
import org.fraudgraph.job.testing.JobTesting;
import org.fraudgraph.job.testing.SemanticMutations;
import org.fraudgraph.replay.SyntheticTraffic;
import org.fraudgraph.schema.DeadLetter;
import org.fraudgraph.schema.DeadLetterReason;
import org.fraudgraph.schema.Decision;
import org.fraudgraph.schema.DeviceEvent;
import org.fraudgraph.schema.DeviceEventType;
import org.fraudgraph.schema.DeviceFingerprint;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.schema.ReasonCode;
import org.fraudgraph.schema.TransactionEvent;
import org.fraudgraph.schema.TransactionType;
import org.fraudgraph.schema.codec.AvroCodec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks of issue 24 that are not about size, replayed as an attacker would against a real
 * broker and the real job, with the job's own restart strategy (a failure would restart it, and the
 * REST API would count it):
 *
 * <ul>
 *   <li>a device farm whose logins claim a time 50 minutes ahead, beside its twin stamped honestly,
 *       and ten accounts that join the farm's device afterwards; the same with the Kafka record
 *       timestamps forged ahead too;
 *   <li>64 logins stamped 10 minutes ahead on one device (to fill its neighbourhood with entries no
 *       honest event outranks), then 200 more accounts on it;
 *   <li>120 payments stamped 50 minutes ahead on every partition, then 200 honest events, none of
 *       which may be taken for late;
 *   <li>200 event ids each used by two accounts, every one of the 400 events scored;
 *   <li>a payment of −100,000,000.00 followed by one of 5,000,000.00, an amount past 2^53, an
 *       unknown currency, an account id of spaces;
 *   <li>400 ordinary events each mutated by meaning ({@link SemanticMutations}: strings to and past
 *       their bound, negative amounts, no currency, blank ids, forged times, ids of other accounts'
 *       events).
 * </ul>
 *
 * <p>Asserts: every event is scored or a dead letter with its reason, the forged-time farm and the
 * hub are still flagged, the feature join drains to zero events waiting, and the job restarted 0
 * times with an empty exception history.
 */
@Tag("hostile")
class HostileInputITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = JobTesting.miniCluster(new Configuration());

    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir static Path temp;

    private static final Duration FARM_AHEAD = Duration.ofMinutes(50);

    @Test
    void forgedClocksCollidingIdsAndImpossibleAmountsNeitherStopNorBlindTheJob() throws Exception {
        Topics topics = JobTesting.topics("it-hostile");
        KAFKA.kafka().createTopics(topics.newTopics(2, (short) 1));
        JobOptions options =
                JobTesting.options(KAFKA.bootstrapServers(), topics, temp.resolve("checkpoints"));
        JobClient job = JobTesting.start(options, "fraudgraph-it-hostile");
        FlinkRest rest = FlinkRest.of(FLINK.getClientConfiguration());
        try (EventProducer producer = new EventProducer(KAFKA.bootstrapServers(), topics);
                ResultReader<FraudScore> scoreReader =
                        new ResultReader<>(
                                KAFKA.bootstrapServers(), topics.scores(), FraudScore.class);
                ResultReader<DeadLetter> letterReader =
                        new ResultReader<>(
                                KAFKA.bootstrapServers(), topics.deadLetters(), DeadLetter.class)) {
            Instant now = Instant.now();
            List<SpecificRecord> sent = new ArrayList<>();

            // A first score: the pipeline runs before the farms arrive.
            SpecificRecord warmUp = payment("warm-up", "acc-warm-up", now, 1_000);
            producer.send(warmUp);
            producer.flush();
            sent.add(warmUp);
            List<FraudScore> scores =
                    new ArrayList<>(scoreReader.readAtLeast(1, Duration.ofSeconds(120)));

            // A farm stamped honestly and its twin stamped 50 minutes ahead, then ten joiners.
            // Paced (well above the job's 25 ms buffer timeout), so each device stage meets the
            // logins in the order they happened and a login's count of accounts before it does
            // not hang on how the two partitions interleave.
            for (int i = 0; i < 30; i++) {
                SpecificRecord twin =
                        login("twin-" + i, "acc-twin-" + i, "dev-twin", now.plusMillis(i));
                SpecificRecord ahead =
                        login(
                                "fwd-" + i,
                                "acc-fwd-" + i,
                                "dev-fwd",
                                now.plus(FARM_AHEAD).plusMillis(i));
                producer.send(twin);
                producer.send(ahead);
                producer.flush();
                sent.add(twin);
                sent.add(ahead);
                Thread.sleep(100);
            }
            int sentAlready = sent.size();
            // 64 logins 10 minutes ahead fill the device; 200 accounts follow at the real time.
            for (int i = 0; i < 64; i++) {
                sent.add(
                        login(
                                "hubfill-" + i,
                                "acc-hubfill-" + i,
                                "dev-hub",
                                now.plus(Duration.ofMinutes(10)).plusMillis(i)));
            }
            // Payments 50 minutes ahead on every partition, to drag the job's clock.
            for (int i = 0; i < 120; i++) {
                sent.add(payment("drag-" + i, "acc-drag-" + i, now.plus(FARM_AHEAD), 1_000));
            }
            // One event id, two accounts.
            for (int i = 0; i < 200; i++) {
                sent.add(payment("same-" + i, "acc-left-" + i, now.plusMillis(i), 2_000));
                sent.add(payment("same-" + i, "acc-right-" + i, now.plusMillis(i), 3_000));
            }
            // Impossible values.
            List<SpecificRecord> impossible =
                    List.of(
                            payment("neg", "acc-neg", now, -10_000_000_000L),
                            payment("huge", "acc-huge", now, 1L << 60),
                            withCurrency(payment("cur", "acc-cur", now, 5_000), "XXQ"),
                            payment("blank", "   ", now, 5_000));
            for (SpecificRecord r : sent.subList(sentAlready, sent.size())) {
                producer.send(r);
            }
            for (SpecificRecord r : impossible) {
                producer.send(r);
            }
            producer.flush();
            // A producer that forges the record timestamps too: the input topics keep the
            // broker's time (LogAppendTime), so its logins still sit at their arrival.
            Properties forging = new Properties();
            forging.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
            try (KafkaProducer<byte[], byte[]> forger =
                    new KafkaProducer<>(
                            forging, new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < 20; i++) {
                    Instant ahead = now.plus(FARM_AHEAD).plusMillis(i);
                    DeviceEvent forged = login("ts-" + i, "acc-ts-" + i, "dev-ts", ahead);
                    forger.send(
                            new ProducerRecord<>(
                                    topics.devices(),
                                    null,
                                    ahead.toEpochMilli(),
                                    forged.getAccountId().getBytes(StandardCharsets.UTF_8),
                                    AvroCodec.of(DeviceEvent.class).encode(forged)));
                    sent.add(forged);
                }
            }

            // After the forged events: joiners of both forged devices, and honest traffic.
            Thread.sleep(2_000);
            Instant later = Instant.now();
            List<SpecificRecord> after = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                after.add(login("join-" + i, "acc-join-" + i, "dev-fwd", later.plusMillis(i)));
                after.add(login("tsjoin-" + i, "acc-tsjoin-" + i, "dev-ts", later.plusMillis(i)));
            }
            for (int i = 0; i < 200; i++) {
                after.add(login("hub-" + i, "acc-hub-" + i, "dev-hub", later.plusMillis(i)));
            }
            after.add(payment("spend", "acc-neg", later, 500_000_000L));
            SyntheticTraffic traffic = new SyntheticTraffic(24, 1_000);
            Set<String> honest = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                SpecificRecord e = traffic.next(later.plusMillis(i));
                after.add(e);
                honest.add(e.get(0) + "@" + accountOf(e));
            }
            // Ordinary traffic mutated by meaning: each mutant scored or a dead letter.
            SemanticMutations mutations = new SemanticMutations(2024);
            SyntheticTraffic base = new SyntheticTraffic(25, 300);
            List<SpecificRecord> earlier = new ArrayList<>();
            int mutantLetters = 0;
            for (int i = 0; i < 400; i++) {
                SemanticMutations.Mutant m =
                        mutations.mutate(base.next(later.plusMillis(300 + i)), earlier);
                if (m.scored()) {
                    after.add(m.event());
                    earlier.add(m.event());
                } else {
                    mutantLetters++;
                    producer.send(m.event());
                }
            }
            for (SpecificRecord r : after) {
                producer.send(r);
            }
            producer.flush();
            sent.addAll(after);

            // Every event scored exactly once, colliding ids included (per account); a mutant
            // that repeats an event id of its own account is that event sent again.
            Set<String> expected = new HashSet<>();
            for (SpecificRecord r : sent) {
                expected.add(r.get(0) + "@" + accountOf(r));
            }
            scores.addAll(
                    scoreReader.readAtLeast(
                            expected.size() - scores.size(), Duration.ofSeconds(120)));
            List<DeadLetter> letters =
                    letterReader.readAtLeast(4 + mutantLetters, Duration.ofSeconds(30));
            Map<String, FraudScore> byEvent = new HashMap<>();
            for (FraudScore s : scores) {
                byEvent.put(s.getEventId() + "@" + s.getEntityId(), s);
            }
            assertThat(scores).hasSize(expected.size());
            assertThat(byEvent.keySet()).isEqualTo(expected);

            // Impossible values are dead letters with their reason, and so is every mutant that
            // must not be scored.
            assertThat(letters).hasSize(4 + mutantLetters);
            assertThat(letters)
                    .filteredOn(l -> l.getOffset() >= 0)
                    .extracting(DeadLetter::getReason)
                    .contains(
                            DeadLetterReason.VALUE_OUT_OF_RANGE,
                            DeadLetterReason.MISSING_FIELD,
                            DeadLetterReason.FIELD_TOO_LONG);
            // A negative payment before it hides nothing: it was never counted, so the spend is
            // the account's only money of the hour, all of it.
            assertThat(byEvent.get("spend@acc-neg").getFeatures())
                    .as("a negative payment before it hides nothing")
                    .containsEntry("account.amount_1h_minor", 500_000_000.0)
                    .containsEntry("account.events_1h", 1.0);

            // The farm stamped ahead shows on its device at least as often as its honest twin, and
            // says so. (Counted on the graph, not on decisions: the built-in model leaves a shared
            // device alone until the ring stage makes it a case, graph-8.)
            long twin = seeTheFarm(byEvent, "twin-", "acc-twin-", 30);
            long forged = seeTheFarm(byEvent, "fwd-", "acc-fwd-", 30);
            assertThat(twin).as("the honestly stamped farm is seen").isGreaterThanOrEqualTo(20);
            assertThat(forged).isGreaterThanOrEqualTo(twin);
            FraudScore lastForged = byEvent.get("fwd-29@acc-fwd-29");
            assertThat(lastForged.getFeatures().get("event.clock_ahead_minutes"))
                    .isBetween(45.0, 51.0);
            assertThat(lastForged.getReasons())
                    .extracting(ReasonCode::getCode)
                    .contains("CLOCK_AHEAD");
            assertThat(lastForged.getEventTime()).isBefore(now.plus(Duration.ofMinutes(5)));
            // ...and the forged logins did not age out of the device for those who came after.
            for (int i = 0; i < 10; i++) {
                FraudScore s = byEvent.get("join-" + i + "@acc-join-" + i);
                assertThat(s.getFeatures().get("device.accounts_24h")).isGreaterThanOrEqualTo(31.0);
            }
            for (int i = 0; i < 10; i++) {
                FraudScore s = byEvent.get("tsjoin-" + i + "@acc-tsjoin-" + i);
                assertThat(s.getFeatures().get("device.accounts_24h"))
                        .as("forged record timestamps")
                        .isGreaterThanOrEqualTo(21.0);
            }
            // Every account that joins the filled device is flagged, and hub-flagged once past it.
            assertThat(flagged(byEvent, "hub-", "acc-hub-", 200)).isEqualTo(200);
            for (int i = 0; i < 200; i++) {
                FraudScore s = byEvent.get("hub-" + i + "@acc-hub-" + i);
                assertThat(s.getFeatures().get("device.hub")).as("hub-" + i).isEqualTo(1.0);
                assertThat(s.getReasons()).extracting(ReasonCode::getCode).contains("DEVICE_HUB");
            }
            // Events stamped ahead on every partition did not make honest events late.
            assertThat(scores)
                    .filteredOn(s -> honest.contains(s.getEventId() + "@" + s.getEntityId()))
                    .hasSize(honest.size())
                    .allSatisfy(
                            s ->
                                    assertThat(s.getFeatures())
                                            .doesNotContainKey("event.late_minutes"));

            JobID id = job.getJobID();
            assertThat(drainedJoins(rest, id)).as("events waiting in the feature join").isZero();
            assertThat(rest.exceptions(id)).isEmpty();
            assertThat(rest.restarts(id)).isZero();
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        } finally {
            job.cancel().get();
        }
    }

    private static double drainedJoins(FlinkRest rest, JobID id) throws Exception {
        // The REST API caches metrics for a few seconds; the join has drained once it reads 0.
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        double waiting = rest.operatorMetricSum(id, "joinsWaiting");
        while (waiting != 0 && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            waiting = rest.operatorMetricSum(id, "joinsWaiting");
        }
        return waiting;
    }

    /** Logins that saw at least ten accounts on their device (the 10th to the 30th of a farm). */
    private static long seeTheFarm(
            Map<String, FraudScore> byEvent, String eventPrefix, String accountPrefix, int n) {
        long count = 0;
        for (int i = 0; i < n; i++) {
            FraudScore s = byEvent.get(eventPrefix + i + "@" + accountPrefix + i);
            if (s.getFeatures().getOrDefault("device.accounts_24h", 0.0) >= 10) {
                count++;
            }
        }
        return count;
    }

    private static long flagged(
            Map<String, FraudScore> byEvent, String eventPrefix, String accountPrefix, int n) {
        long count = 0;
        for (int i = 0; i < n; i++) {
            FraudScore s = byEvent.get(eventPrefix + i + "@" + accountPrefix + i);
            if (s.getDecision() != Decision.ALLOW) {
                count++;
            }
        }
        return count;
    }

    private static String accountOf(SpecificRecord r) {
        return String.valueOf(r.get(r.getSchema().getField("accountId").pos()));
    }

    private static DeviceEvent login(String eventId, String account, String device, Instant t) {
        return DeviceEvent.newBuilder()
                .setEventId(eventId)
                .setEventTime(t)
                .setType(DeviceEventType.LOGIN)
                .setAccountId(account)
                .setDeviceId(device)
                .setFingerprint(
                        DeviceFingerprint.newBuilder()
                                .setModel("Redmi 12")
                                .setOs("Android")
                                .build())
                .setIp("10.9." + (account.hashCode() & 0xff) + ".7")
                .setCity("Hangzhou")
                .build();
    }

    private static TransactionEvent payment(
            String eventId, String account, Instant t, long amount) {
        return TransactionEvent.newBuilder()
                .setEventId(eventId)
                .setEventTime(t)
                .setType(TransactionType.PAYMENT)
                .setAccountId(account)
                .setMerchantId("m-" + (eventId.hashCode() & 0x3f))
                .setAmountMinor(amount)
                .build();
    }

    private static TransactionEvent withCurrency(TransactionEvent e, String currency) {
        e.setCurrency(currency);
        return e;
    }
}
