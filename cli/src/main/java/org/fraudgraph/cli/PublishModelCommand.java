package org.fraudgraph.cli;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.fraudgraph.job.io.ModelSignature;
import org.fraudgraph.job.options.Cli;
import org.fraudgraph.job.options.ModelConfigFile;
import org.fraudgraph.score.ScoringModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Checks a scoring model file and publishes it to the control topic, where the running job picks it
 * up without a restart. A file that fails the check is never sent.
 */
@Command(
        name = "publish-model",
        mixinStandardHelpOptions = true,
        description = {
            "Checks a scoring model (JSON) and publishes it to the models topic; the running job uses it from the next event on.",
            "The job checks it again and keeps the old model if it refuses it (see its log and the modelsRejected metric)."
        })
final class PublishModelCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL.json", description = "The model file.")
    Path file;

    @Mixin KafkaTopicsOption kafka;

    @Option(
            names = "--models-topic",
            paramLabel = "TOPIC",
            defaultValue = "fraudgraph.models",
            description = "The control topic (default: ${DEFAULT-VALUE}); give it one partition.")
    String topic;

    @Option(
            names = "--sign-key",
            paramLabel = "KEY",
            description =
                    "Sign the model with this private key (from 'fraudgraph model-keys'); a job started with"
                            + " --model-public-key takes only signed models.")
    Path signKey;

    @Override
    public Integer call() throws Exception {
        java.security.PrivateKey key = null;
        if (signKey != null) {
            try {
                key = ModelSignature.readPrivateKey(signKey);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new Cli.UsageProblem("--sign-key: " + signKey + ": no such file");
            } catch (java.io.IOException e) {
                throw new Cli.UsageProblem("--sign-key: " + e.getMessage());
            }
        }
        ScoringModel model;
        try {
            model = ModelConfigFile.read(file);
        } catch (java.io.IOException e) {
            throw new Cli.UsageProblem(e.getMessage());
        }
        kafka.requireTopics(topic);
        Properties p = kafka.settings().clientConfig();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        byte[] json =
                Files.readString(file, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
        // Issued after every model on the topic, even from a machine whose clock is behind: the
        // job takes only models issued after the latest it took.
        long issued = Math.max(System.currentTimeMillis(), latestIssued(p) + 1);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            ProducerRecord<byte[], byte[]> record =
                    new ProducerRecord<>(
                            topic, model.version().getBytes(StandardCharsets.UTF_8), json);
            record.headers().add(ModelSignature.ISSUED_HEADER, ModelSignature.issuedHeader(issued));
            if (key != null) {
                record.headers()
                        .add(
                                ModelSignature.HEADER,
                                ModelSignature.sign(key, ModelSignature.signedBytes(issued, json)));
            }
            RecordMetadata sent = producer.send(record).get(30, TimeUnit.SECONDS);
            System.out.printf(
                    "fraudgraph: published %s model %s (%s, %d rules, review %.2f, block %.2f) to %s, offset %d%n",
                    key != null ? "signed" : "unsigned",
                    model.version(),
                    model.trees() != null
                            ? model.trees().size()
                                    + " trees over "
                                    + model.trees().features().size()
                                    + " features"
                            : model.terms().size() + " terms",
                    model.rules().size(),
                    model.thresholds().review(),
                    model.thresholds().block(),
                    topic,
                    sent.offset());
        }
        return 0;
    }

    /** The issue time of the last record on the models topic; 0 when there is none. */
    private long latestIssued(Properties client) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        long latest = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                            .map(i -> new TopicPartition(topic, i.partition()))
                            .toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends =
                    consumer.endOffsets(partitions, Duration.ofSeconds(30));
            int waiting = 0;
            for (TopicPartition tp : partitions) {
                long end = ends.getOrDefault(tp, 0L);
                if (end > 0) {
                    // The last few records: the last one may be a transaction marker.
                    consumer.seek(tp, Math.max(0, end - 16));
                    waiting++;
                } else {
                    consumer.pause(List.of(tp));
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (waiting > 0 && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    Header h = r.headers().lastHeader(ModelSignature.ISSUED_HEADER);
                    if (h != null && h.value() != null && h.value().length == 8) {
                        latest = Math.max(latest, ByteBuffer.wrap(h.value()).getLong());
                    }
                }
                waiting = 0;
                for (TopicPartition tp : partitions) {
                    if (!consumer.paused().contains(tp)
                            && consumer.position(tp) < ends.getOrDefault(tp, 0L)) {
                        waiting++;
                    }
                }
            }
        }
        return latest;
    }
}
