package org.fraudgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.fraudgraph.job.io.EventProducer;
import org.fraudgraph.job.io.ModelSignature;
import org.fraudgraph.job.io.ResultReader;
import org.fraudgraph.job.io.Topics;
import org.fraudgraph.job.options.JobOptions;
import org.fraudgraph.job.testing.EmbeddedKafkaExtension;
import org.fraudgraph.job.testing.JobTesting;
import org.fraudgraph.replay.SyntheticTraffic;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.score.ScoringModel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model published with {@code fraudgraph publish-model} takes effect in the running job without a
 * restart; a broken one on the control topic is refused and the last good one stays; {@code
 * fraudgraph alerts} prints the alerts for a person.
 */
@Tag("hostile")
class ModelControlITCase {
    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            JobTesting.miniCluster(METRICS.addToConfiguration(new Configuration()));

    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir Path temp;

    /** Everything is worth a look: no terms, a bias that puts every score at 0.62. */
    private static final String WATCH_ALL =
            """
            {"version": "watch-all-7", "bias": 0.5, "thresholds": {"review": 0.5, "block": 0.99}}
            """;

    private final SyntheticTraffic traffic = new SyntheticTraffic(5, 300);
    private final Instant start = Instant.now().minus(Duration.ofMinutes(30));
    private int sent;

    private void send(Topics topics, int count) {
        try (EventProducer producer = new EventProducer(KAFKA.bootstrapServers(), topics)) {
            for (int i = 0; i < count; i++) {
                producer.send(traffic.next(start.plusMillis(sent++ * 200L)));
            }
        }
    }

    /** Sends events until a score made by {@code version} comes back; returns the scores seen. */
    private List<FraudScore> sendUntil(
            Topics topics, ResultReader<FraudScore> scores, String version) {
        List<FraudScore> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            send(topics, 20);
            seen.addAll(scores.poll(Duration.ofSeconds(1)));
            if (seen.stream().anyMatch(s -> s.getConfigVersion().equals(version))) {
                return seen;
            }
        }
        throw new AssertionError("no score by model " + version + " within 90 s");
    }

    @Test
    void aPublishedModelTakesEffectWithoutARestartAndABrokenOneIsRefused() throws Exception {
        Topics topics = JobTesting.topics("it-models");
        KAFKA.kafka().createTopics(topics.newTopics(2, (short) 1));
        JobOptions options =
                JobTesting.options(KAFKA.bootstrapServers(), topics, temp.resolve("checkpoints"));
        JobClient job = JobTesting.start(options, "fraudgraph-it-models");
        try (ResultReader<FraudScore> scores =
                new ResultReader<>(KAFKA.bootstrapServers(), topics.scores(), FraudScore.class)) {
            sendUntil(topics, scores, ScoringModel.defaults().version());

            Path model = temp.resolve("watch-all.json");
            Files.writeString(model, WATCH_ALL);
            CliRun published =
                    CliRun.of(
                            "publish-model",
                            model.toString(),
                            "--bootstrap-servers",
                            KAFKA.bootstrapServers(),
                            "--models-topic",
                            topics.models());
            assertThat(published.exit()).as(published.err()).isZero();
            assertThat(published.out())
                    .contains(
                            "published unsigned model watch-all-7 (0 terms, 0 rules, review 0.50");
            List<FraudScore> after = sendUntil(topics, scores, "watch-all-7");
            FraudScore watched =
                    after.stream()
                            .filter(s -> s.getConfigVersion().equals("watch-all-7"))
                            .findFirst()
                            .orElseThrow();
            assertThat(watched.getScore()).isEqualTo(1 / (1 + Math.exp(-0.5)));

            // The command refuses a broken file before it reaches Kafka...
            Path broken = temp.resolve("broken.json");
            Files.writeString(broken, WATCH_ALL.replace("\"bias\": 0.5,", ""));
            CliRun refused =
                    CliRun.of(
                            "publish-model",
                            broken.toString(),
                            "--bootstrap-servers",
                            KAFKA.bootstrapServers(),
                            "--models-topic",
                            topics.models());
            assertThat(refused.exit()).isEqualTo(2);
            assertThat(refused.err()).contains(broken + ": \"bias\" is missing");
            // ...and the job refuses one that gets there some other way (issued now, so it is not
            // refused for its age: the model check of every join subtask refuses it).
            Properties rawProducer = new Properties();
            rawProducer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
            try (KafkaProducer<byte[], byte[]> raw =
                    new KafkaProducer<>(
                            rawProducer, new ByteArraySerializer(), new ByteArraySerializer())) {
                ProducerRecord<byte[], byte[]> record =
                        new ProducerRecord<>(
                                topics.models(),
                                "x".getBytes(StandardCharsets.UTF_8),
                                "{\"version\": \"broken\"}".getBytes(StandardCharsets.UTF_8));
                record.headers()
                        .add(
                                ModelSignature.ISSUED_HEADER,
                                ModelSignature.issuedHeader(System.currentTimeMillis()));
                raw.send(record).get();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (modelsRejected(job) < 2 && System.nanoTime() < deadline) {
                send(topics, 10);
                scores.poll(Duration.ofMillis(500));
            }
            // Every join subtask got the broadcast and refused it.
            assertThat(modelsRejected(job)).isEqualTo(2);
            send(topics, 20);
            List<FraudScore> later = scores.readAtLeast(20, Duration.ofSeconds(30));
            assertThat(later)
                    .isNotEmpty()
                    .allMatch(s -> s.getConfigVersion().equals("watch-all-7"));

            CliRun alerts =
                    CliRun.of(
                            "alerts",
                            "--bootstrap-servers",
                            KAFKA.bootstrapServers(),
                            "--scores-topic",
                            topics.scores(),
                            "--cases-topic",
                            topics.cases(),
                            "--quiet-after",
                            "3s");
            assertThat(alerts.exit()).as(alerts.err()).isZero();
            assertThat(alerts.out())
                    .containsPattern(
                            "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  REVIEW 0\\.62  acc-\\d{6} ")
                    .doesNotContain(" ALLOW ");
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void withTheOperatorsKeyOnlySignedModelsAreTaken() throws Exception {
        Topics topics = JobTesting.topics("it-signed");
        KAFKA.kafka().createTopics(topics.newTopics(2, (short) 1));
        Path keys = temp.resolve("keys");
        CliRun made = CliRun.of("model-keys", "--out", keys.toString(), "--name", "ops");
        assertThat(made.exit()).as(made.err()).isZero();
        CliRun other = CliRun.of("model-keys", "--out", keys.toString(), "--name", "intruder");
        assertThat(other.exit()).as(other.err()).isZero();
        JobOptions options =
                JobTesting.options(KAFKA.bootstrapServers(), topics, temp.resolve("checkpoints"));
        options.modelPublicKey = keys.resolve("ops.pub");
        JobClient job = JobTesting.start(options, "fraudgraph-it-signed");
        try (ResultReader<FraudScore> scores =
                new ResultReader<>(KAFKA.bootstrapServers(), topics.scores(), FraudScore.class)) {
            sendUntil(topics, scores, ScoringModel.defaults().version());

            Path model = temp.resolve("watch-all.json");
            Files.writeString(model, WATCH_ALL);
            // Unsigned, signed with another key, and signed but changed on the way: all refused.
            CliRun unsigned = publish(model, topics);
            assertThat(unsigned.out()).contains("published unsigned model watch-all-7");
            CliRun intruder = publish(model, topics, "--sign-key", keys.resolve("intruder.key"));
            assertThat(intruder.out()).contains("published signed model watch-all-7");
            byte[] json = Files.readAllBytes(model);
            byte[] signature =
                    ModelSignature.sign(
                            ModelSignature.readPrivateKey(keys.resolve("ops.key")), json);
            byte[] changed =
                    new String(json, StandardCharsets.UTF_8)
                            .replace("\"review\": 0.5", "\"review\": 0.01")
                            .getBytes(StandardCharsets.UTF_8);
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
            try (KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
                ProducerRecord<byte[], byte[]> record =
                        new ProducerRecord<>(topics.models(), null, changed);
                record.headers().add(ModelSignature.HEADER, signature);
                producer.send(record).get();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (modelsRejected(job) < 3 && System.nanoTime() < deadline) {
                send(topics, 10);
                scores.poll(Duration.ofMillis(500));
            }
            assertThat(modelsRejected(job)).isEqualTo(3);
            send(topics, 20);
            assertThat(scores.readAtLeast(20, Duration.ofSeconds(30)))
                    .allMatch(s -> s.getConfigVersion().equals(ScoringModel.defaults().version()));

            Files.writeString(model, WATCH_ALL.replace("watch-all-7", "watch-all-8"));
            CliRun signed = publish(model, topics, "--sign-key", keys.resolve("ops.key"));
            assertThat(signed.out()).contains("published signed model watch-all-8");
            sendUntil(topics, scores, "watch-all-8");

            // Models only move forward: a copy of the older signed record sent again is refused.
            Path newer = temp.resolve("watch-all-9.json");
            Files.writeString(newer, WATCH_ALL.replace("watch-all-7", "watch-all-9"));
            publish(newer, topics, "--sign-key", keys.resolve("ops.key"));
            sendUntil(topics, scores, "watch-all-9");
            ConsumerRecord<byte[], byte[]> older =
                    lastRecordWithKey(topics.models(), "watch-all-8");
            try (KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.send(
                                new ProducerRecord<>(
                                        topics.models(),
                                        null,
                                        older.key(),
                                        older.value(),
                                        older.headers()))
                        .get();
            }
            deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (modelsRejected(job) < 4 && System.nanoTime() < deadline) {
                send(topics, 10);
                scores.poll(Duration.ofMillis(500));
            }
            assertThat(modelsRejected(job)).isEqualTo(4);
            send(topics, 20);
            assertThat(scores.readAtLeast(20, Duration.ofSeconds(30)))
                    .allMatch(s -> s.getConfigVersion().equals("watch-all-9"));
            // An operator rolls back by publishing the older file again: it is issued anew.
            publish(model, topics, "--sign-key", keys.resolve("ops.key"));
            sendUntil(topics, scores, "watch-all-8");
        } finally {
            job.cancel().get();
        }
    }

    private static CliRun publish(Path model, Topics topics, Object... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "publish-model",
                                model.toString(),
                                "--bootstrap-servers",
                                KAFKA.bootstrapServers(),
                                "--models-topic",
                                topics.models()));
        for (Object m : more) {
            args.add(m.toString());
        }
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exit()).as(run.err()).isZero();
        return run;
    }

    private static ConsumerRecord<byte[], byte[]> lastRecordWithKey(String topic, String key) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            ConsumerRecord<byte[], byte[]> found = null;
            while (consumer.position(tp) < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.key() != null
                            && key.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                        found = r;
                    }
                }
            }
            assertThat(found).as("a record of " + key + " on " + topic).isNotNull();
            return found;
        }
    }

    private static long modelsRejected(JobClient job) {
        return METRICS.findMetrics(job.getJobID(), "modelsRejected").values().stream()
                .filter(m -> m instanceof Counter)
                .mapToLong(m -> ((Counter) m).getCount())
                .sum();
    }
}
