package org.fraudgraph.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.fraudgraph.job.io.DecodingDeserializer;
import org.fraudgraph.job.io.DecodingDeserializerBoundsTest;
import org.fraudgraph.job.io.EventProducer;
import org.fraudgraph.job.io.ResultReader;
import org.fraudgraph.job.io.Topics;
import org.fraudgraph.job.options.JobOptions;
import org.fraudgraph.job.testing.EmbeddedKafkaExtension;
import org.fraudgraph.job.testing.JobTesting;
import org.fraudgraph.replay.SyntheticTraffic;
import org.fraudgraph.schema.ApplicationEvent;
import org.fraudgraph.schema.DeadLetter;
import org.fraudgraph.schema.DeadLetterReason;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.schema.TransactionEvent;
import org.fraudgraph.schema.TransactionType;
import org.fraudgraph.schema.codec.AvroCodec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Oversized records on a real broker whose topics take 2 MiB messages, into the real job run with
 * no restart strategy (any failure would fail it for good): a valid payment whose account id and
 * key are 600,000 characters, 1.1 MB of garbage with a 5 KB key, an application with 10,000
 * contacts. Each becomes a dead letter that fits the output producer's limit, every ordinary event
 * after them is scored, and the job is still running. Each of the first two once made the job
 * restart forever.
 */
@Tag("hostile")
class PoisonRecordsITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = JobTesting.miniCluster(new Configuration());

    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir static Path temp;

    @Test
    void oversizedRecordsBecomeDeadLettersThatFitAndTheJobNeverStops() throws Exception {
        Topics topics = JobTesting.topics("it-poison");
        KAFKA.kafka()
                .createTopics(
                        topics.newTopics(2, (short) 1), Map.of("max.message.bytes", "2097152"));
        Instant start = Instant.now().minus(Duration.ofMinutes(5));

        String hugeAccount = "a".repeat(600_000);
        TransactionEvent hugePayment =
                TransactionEvent.newBuilder()
                        .setEventId("poison-1")
                        .setEventTime(start)
                        .setType(TransactionType.PAYMENT)
                        .setAccountId(hugeAccount)
                        .setMerchantId("m-1")
                        .setAmountMinor(10_000)
                        .build();
        byte[] garbage = new byte[1_100_000];
        new Random(5).nextBytes(garbage);
        ApplicationEvent crowded =
                DecodingDeserializerBoundsTest.crowdedApplication("poison-3", start);
        Properties big = new Properties();
        big.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        big.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2_097_152);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(big, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(
                            new ProducerRecord<>(
                                    topics.transactions(),
                                    hugeAccount.getBytes(StandardCharsets.UTF_8),
                                    AvroCodec.of(TransactionEvent.class).encode(hugePayment)))
                    .get();
            producer.send(new ProducerRecord<>(topics.transactions(), new byte[5_000], garbage))
                    .get();
            producer.send(
                            new ProducerRecord<>(
                                    topics.applications(),
                                    "acc-crowded".getBytes(StandardCharsets.UTF_8),
                                    AvroCodec.of(ApplicationEvent.class).encode(crowded)))
                    .get();
        }
        SyntheticTraffic traffic = new SyntheticTraffic(21, 100);
        List<String> ordinary = new ArrayList<>();
        try (EventProducer producer = new EventProducer(KAFKA.bootstrapServers(), topics)) {
            for (int i = 0; i < 60; i++) {
                SpecificRecord event = traffic.next(start.plusSeconds(1 + i));
                producer.send(event);
                ordinary.add(String.valueOf(event.get(0)));
            }
            producer.flush();
        }

        JobOptions options =
                JobTesting.options(KAFKA.bootstrapServers(), topics, temp.resolve("checkpoints"));
        Configuration conf = FlinkSettings.of(options, null);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        FraudGraphJob.wire(env, options);
        JobClient job = env.executeAsync("fraudgraph-it-poison");
        try (ResultReader<FraudScore> scores =
                        new ResultReader<>(
                                KAFKA.bootstrapServers(), topics.scores(), FraudScore.class);
                ResultReader<DeadLetter> deadLetters =
                        new ResultReader<>(
                                KAFKA.bootstrapServers(), topics.deadLetters(), DeadLetter.class)) {
            assertThat(scores.readAtLeast(ordinary.size(), Duration.ofSeconds(90)))
                    .extracting(FraudScore::getEventId)
                    .containsExactlyInAnyOrderElementsOf(ordinary);
            List<DeadLetter> letters = deadLetters.readAtLeast(3, Duration.ofSeconds(30));
            assertThat(letters)
                    .extracting(DeadLetter::getReason)
                    .filteredOn(r -> r == DeadLetterReason.FIELD_TOO_LONG)
                    .hasSize(2);
            assertThat(letters)
                    .allSatisfy(
                            l ->
                                    assertThat(l.getPayload().remaining())
                                            .isLessThanOrEqualTo(
                                                    DecodingDeserializer.MAX_PAYLOAD_BYTES));
            assertThat(letters)
                    .anySatisfy(
                            l ->
                                    assertThat(l.getDetail())
                                            .startsWith("field accountId is 600,000 characters")
                                            .contains("SHA-256"));
            assertThat(job.getJobStatus().get())
                    .as("no failure: with no restart strategy any would have failed the job")
                    .isEqualTo(JobStatus.RUNNING);
        } finally {
            job.cancel().get();
        }
    }
}
