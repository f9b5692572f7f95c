package org.fraudgraph.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.fraudgraph.job.io.Topics;
import org.fraudgraph.job.testing.EmbeddedKafkaExtension;
import org.fraudgraph.replay.EventFiles;
import org.fraudgraph.replay.GeneratorConfig;
import org.fraudgraph.replay.TrafficGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fraudgraph replay --to-kafka}: every event of the data set lands on the topic of its kind.
 */
class ReplayToKafkaITCase {
    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir Path dir;

    @Test
    void sendsEveryEventToItsTopic() throws Exception {
        TrafficGenerator.Summary summary =
                new TrafficGenerator(GeneratorConfig.defaults(500, 1, 4))
                        .generate(dir.resolve("data"), p -> {});
        KAFKA.kafka().createTopics(Topics.DEFAULTS, 2);

        int exit =
                Cli.commandLine(new FraudGraphCli())
                        .execute(
                                "replay",
                                "--data",
                                dir.resolve("data").toString(),
                                "--to-kafka",
                                KAFKA.bootstrapServers(),
                                "--rate",
                                "0");
        assertThat(exit).isZero();

        Map<String, Long> expected = new HashMap<>();
        List<String> files = EventFiles.fileNames();
        List<String> topics =
                List.of(
                        Topics.DEFAULTS.transactions(),
                        Topics.DEFAULTS.devices(),
                        Topics.DEFAULTS.applications(),
                        Topics.DEFAULTS.feedback());
        for (int i = 0; i < files.size(); i++) {
            expected.put(topics.get(i), summary.eventsPerFile()[i]);
        }
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (String topic : topics) {
                List<TopicPartition> partitions =
                        List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
                long total =
                        consumer.endOffsets(partitions, Duration.ofSeconds(10)).values().stream()
                                .mapToLong(Long::longValue)
                                .sum();
                assertThat(total).as(topic).isEqualTo(expected.get(topic));
            }
        }
        assertThat(expected.values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(summary.events());
    }
}
