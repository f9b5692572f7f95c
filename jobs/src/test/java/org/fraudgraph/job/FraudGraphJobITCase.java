package org.fraudgraph.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.fraudgraph.job.io.EventProducer;
import org.fraudgraph.job.io.ResultReader;
import org.fraudgraph.job.io.Topics;
import org.fraudgraph.job.options.JobOptions;
import org.fraudgraph.job.testing.EmbeddedKafkaExtension;
import org.fraudgraph.job.testing.JobTesting;
import org.fraudgraph.replay.SyntheticTraffic;
import org.fraudgraph.schema.DeadLetter;
import org.fraudgraph.schema.DeadLetterReason;
import org.fraudgraph.schema.Decision;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.schema.RingCase;
import org.fraudgraph.schema.RingKind;
import org.fraudgraph.schema.RingMember;
import org.fraudgraph.schema.TransactionEvent;
import org.fraudgraph.schema.TransactionType;
import org.fraudgraph.score.ScoringModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The real job on a MiniCluster against a real in-process Kafka broker, Avro bytes in and out. */
class FraudGraphJobITCase {
    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            JobTesting.miniCluster(METRICS.addToConfiguration(new Configuration()));

    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir static Path temp;

    @Test
    void scoresEveryGoodEventOnceAndSendsBadRecordsToTheDeadLetterTopic() throws Exception {
        Topics topics = JobTesting.topics("it-e2e");
        KAFKA.kafka().createTopics(topics.newTopics(2, (short) 1));
        JobOptions options =
                JobTesting.options(
                        KAFKA.bootstrapServers(), topics, temp.resolve("checkpoints-e2e"));

        SyntheticTraffic traffic = new SyntheticTraffic(11, 200);
        Instant start = Instant.now().minus(Duration.ofMinutes(10));
        List<String> goodIds = new ArrayList<>();
        Map<DeadLetterReason, byte[]> bad;
        try (EventProducer producer = new EventProducer(KAFKA.bootstrapServers(), topics)) {
            for (int i = 0; i < 400; i++) {
                SpecificRecord event = traffic.next(start.plusMillis(i * 500L));
                producer.send(event);
                goodIds.add(String.valueOf(event.get(0)));
            }
            // Two hours behind the rest, sent last: late for the job's clock, scored all the same.
            SpecificRecord late = traffic.next(start.minus(Duration.ofHours(2)));
            producer.send(late);
            goodIds.add(String.valueOf(late.get(0)));
            bad = sendBadRecords(producer, topics, start);
            producer.flush();
        }

        JobClient job = JobTesting.start(options, "fraudgraph-it-e2e");
        try (ResultReader<FraudScore> scores =
                        new ResultReader<>(
                                KAFKA.bootstrapServers(), topics.scores(), FraudScore.class);
                ResultReader<DeadLetter> deadLetters =
                        new ResultReader<>(
                                KAFKA.bootstrapServers(), topics.deadLetters(), DeadLetter.class)) {
            List<FraudScore> scored = scores.readAtLeast(goodIds.size(), Duration.ofSeconds(90));
            assertThat(scored)
                    .extracting(FraudScore::getEventId)
                    .containsExactlyInAnyOrderElementsOf(goodIds);
            assertThat(scored)
                    .allMatch(s -> s.getConfigVersion().equals(ScoringModel.defaults().version()));
            assertThat(scored)
                    .as("the device farm stands out")
                    .anyMatch(
                            s ->
                                    s.getDecision() != Decision.ALLOW
                                            && traffic.farmAccountIds().contains(s.getEntityId()));

            try (ResultReader<RingCase> cases =
                    new ResultReader<>(KAFKA.bootstrapServers(), topics.cases(), RingCase.class)) {
                RingCase farm = cases.readAtLeast(1, Duration.ofSeconds(60)).get(0);
                assertThat(farm.getKind()).isEqualTo(RingKind.DEVICE_FARM);
                assertThat(farm.getMembers())
                        .filteredOn(m -> m.getEntityType() == EntityType.ACCOUNT)
                        .extracting(RingMember::getEntityId)
                        // three accounts on an emulator are already a farm
                        .hasSizeGreaterThanOrEqualTo(3)
                        .allMatch(traffic.farmAccountIds()::contains);
            }

            List<ConsumerRecord<byte[], byte[]>> letters = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (letters.size() < bad.size() && System.nanoTime() < deadline) {
                letters.addAll(deadLetters.pollRaw(Duration.ofMillis(200)));
            }
            assertThat(letters).hasSize(bad.size());
            for (ConsumerRecord<byte[], byte[]> record : letters) {
                DeadLetter letter = deadLetters.decode(record);
                assertThat(letter.getPayload().array()).isEqualTo(bad.get(letter.getReason()));
                assertThat(
                                new String(
                                        record.headers().lastHeader("fraudgraph.reason").value(),
                                        StandardCharsets.UTF_8))
                        .isEqualTo(letter.getReason().name());
                assertThat(letter.getDetail()).isNotBlank();
            }
            assertThat(
                            letters.stream()
                                    .map(r -> deadLetters.decode(r).getReason())
                                    .collect(Collectors.toSet()))
                    .isEqualTo(bad.keySet());
            assertThat(deadLetterCount(job)).isEqualTo(bad.size());
            // One counter per reason, each reported (a group named like the total was not).
            for (DeadLetterReason reason : bad.keySet()) {
                assertThat(reasonCount(job, reason)).as(reason.name()).isEqualTo(1);
            }
        } finally {
            job.cancel().get();
        }
    }

    /**
     * One record for each way an input can be broken; returns the bytes sent per expected reason.
     */
    private static Map<DeadLetterReason, byte[]> sendBadRecords(
            EventProducer producer, Topics topics, Instant start) {
        byte[] garbage =
                "{\"accountId\": \"acc-1\", \"amount\": 100}".getBytes(StandardCharsets.UTF_8);
        producer.sendRaw(topics.transactions(), "acc-1".getBytes(StandardCharsets.UTF_8), garbage);

        Schema foreign =
                new Schema.Parser()
                        .parse(
                                "{\"type\":\"record\",\"name\":\"DeviceEvent\",\"namespace\":\"other.vendor\","
                                        + "\"fields\":[{\"name\":\"accountId\",\"type\":\"string\"}]}");
        GenericRecord record = new GenericData.Record(foreign);
        record.put("accountId", "acc-2");
        byte[] unknownSchema;
        try {
            var buffer =
                    new BinaryMessageEncoder<GenericRecord>(GenericData.get(), foreign)
                            .encode(record);
            unknownSchema = new byte[buffer.remaining()];
            buffer.get(unknownSchema);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        producer.sendRaw(topics.devices(), null, unknownSchema);

        byte[] missingAccount = producer.encode(payment("bad-missing", "", start));
        producer.sendRaw(topics.transactions(), null, missingAccount);

        byte[] future =
                producer.encode(
                        payment("bad-future", "acc-3", Instant.now().plus(Duration.ofDays(30))));
        producer.sendRaw(topics.transactions(), null, future);

        byte[] good = producer.encode(payment("bad-truncated", "acc-4", start));
        byte[] truncated = java.util.Arrays.copyOf(good, 16);
        producer.sendRaw(topics.transactions(), null, truncated);

        return Map.of(
                DeadLetterReason.NOT_SINGLE_OBJECT, garbage,
                DeadLetterReason.UNKNOWN_SCHEMA, unknownSchema,
                DeadLetterReason.MISSING_FIELD, missingAccount,
                DeadLetterReason.EVENT_TIME_OUT_OF_RANGE, future,
                DeadLetterReason.MALFORMED_BODY, truncated);
    }

    private static TransactionEvent payment(String eventId, String account, Instant time) {
        return TransactionEvent.newBuilder()
                .setEventId(eventId)
                .setEventTime(time)
                .setType(TransactionType.PAYMENT)
                .setAccountId(account)
                .setMerchantId("m-1")
                .setAmountMinor(12_300)
                .build();
    }

    private static long reasonCount(JobClient job, DeadLetterReason reason) {
        return METRICS.findMetrics(job.getJobID(), "deadLettersByReason").entrySet().stream()
                .filter(
                        e ->
                                e.getKey().endsWith(".deadLettersByReason." + reason.name())
                                        && e.getValue() instanceof Counter)
                .mapToLong(e -> ((Counter) e.getValue()).getCount())
                .sum();
    }

    private static long deadLetterCount(JobClient job) {
        return METRICS.findMetrics(job.getJobID(), "deadLetters").entrySet().stream()
                .filter(e -> e.getKey().endsWith(".deadLetters") && e.getValue() instanceof Counter)
                .mapToLong(e -> ((Counter) e.getValue()).getCount())
                .sum();
    }
}
