package org.fraudgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.fraudgraph.job.io.EventProducer;
import org.fraudgraph.job.io.Topics;
import org.fraudgraph.job.options.Cli;
import org.fraudgraph.job.testing.EmbeddedKafkaExtension;
import org.fraudgraph.job.testing.JobTesting;
import org.fraudgraph.replay.EventFiles;
import org.fraudgraph.replay.GeneratorConfig;
import org.fraudgraph.replay.TrafficGenerator;
import org.fraudgraph.schema.ApplicationEvent;
import org.fraudgraph.schema.DeviceEvent;
import org.fraudgraph.schema.FeedbackEvent;
import org.fraudgraph.schema.TransactionEvent;
import org.fraudgraph.schema.codec.AvroCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fraudgraph replay --to-kafka --end-marker}: every event of the data set lands on the topic
 * of its kind, and each partition of a topic with events ends with a marker a minute after the
 * data.
 */
class ReplayToKafkaITCase {
    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir Path dir;

    /** A record the broker does not take is not lost in silence: flush says how many, and why. */
    @Test
    void aRecordKafkaRefusesIsReportedNotDropped() throws Exception {
        Topics topics = JobTesting.topics("refused");
        KAFKA.kafka().createTopics(topics.newTopics(1, (short) 1));
        try (EventProducer producer = new EventProducer(KAFKA.bootstrapServers(), topics)) {
            producer.sendRaw(topics.transactions(), new byte[] {1}, new byte[] {2});
            producer.sendRaw(topics.transactions(), new byte[] {1}, new byte[2 * 1024 * 1024]);
            assertThatThrownBy(producer::flush)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith(
                            "1 of 2 records were not written to Kafka; the first because: ")
                    .hasMessageContaining("larger than");
        }
    }

    @Test
    void sendsEveryEventToItsTopic() throws Exception {
        TrafficGenerator.Summary summary =
                new TrafficGenerator(GeneratorConfig.defaults(500, 1, 4))
                        .generate(dir.resolve("data"), p -> {});
        KAFKA.kafka().createTopics(Topics.DEFAULTS.newTopics(2, (short) 1));

        int exit =
                Cli.commandLine(new FraudGraphCli())
                        .execute(
                                "replay",
                                "--data",
                                dir.resolve("data").toString(),
                                "--to-kafka",
                                KAFKA.bootstrapServers(),
                                "--rate",
                                "0",
                                "--end-marker");
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
        long lastEvent = lastEventMillis(dir.resolve("data"));
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (String topic : topics) {
                List<TopicPartition> partitions =
                        List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
                Map<TopicPartition, Long> ends =
                        consumer.endOffsets(partitions, Duration.ofSeconds(10));
                long total = ends.values().stream().mapToLong(Long::longValue).sum();
                long markers = expected.get(topic) > 0 ? partitions.size() : 0;
                assertThat(total).as(topic).isEqualTo(expected.get(topic) + markers);
                if (markers == 0) {
                    continue;
                }
                consumer.assign(partitions);
                for (TopicPartition partition : partitions) {
                    consumer.seek(partition, ends.get(partition) - 1);
                }
                List<SpecificRecordBase> last = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (last.size() < partitions.size() && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        last.add(decode(topic, r.value()));
                    }
                }
                assertThat(last).as(topic + ": the last record of each partition").hasSize(2);
                for (SpecificRecordBase marker : last) {
                    String who =
                            String.valueOf(
                                    marker.get(
                                            marker.getSchema()
                                                    .getField(
                                                            marker instanceof FeedbackEvent
                                                                    ? "entityId"
                                                                    : "accountId")
                                                    .pos()));
                    assertThat(who).isEqualTo(EventProducer.END_OF_DATA);
                    assertThat(EventFiles.eventMillis(marker)).isEqualTo(lastEvent + 60_000);
                }
            }
        }
        assertThat(expected.values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(summary.events());
    }

    private static long lastEventMillis(Path data) throws Exception {
        long last = Long.MIN_VALUE;
        try (EventFiles.Merged events = EventFiles.readMerged(data)) {
            while (events.hasNext()) {
                last = Math.max(last, EventFiles.eventMillis(events.next()));
            }
        }
        return last;
    }

    private static SpecificRecordBase decode(String topic, byte[] bytes) throws Exception {
        if (topic.equals(Topics.DEFAULTS.transactions())) {
            return AvroCodec.of(TransactionEvent.class).decode(bytes);
        }
        if (topic.equals(Topics.DEFAULTS.devices())) {
            return AvroCodec.of(DeviceEvent.class).decode(bytes);
        }
        if (topic.equals(Topics.DEFAULTS.applications())) {
            return AvroCodec.of(ApplicationEvent.class).decode(bytes);
        }
        return AvroCodec.of(FeedbackEvent.class).decode(bytes);
    }
}
