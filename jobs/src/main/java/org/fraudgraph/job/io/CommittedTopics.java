package org.fraudgraph.job.io;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads topics once, from their beginning to the end they have now, as a {@code read_committed}
 * consumer sees them: what the job's exactly-once sinks have committed, each record once. For the
 * commands that look at the output topics (export, delivery-report).
 */
public final class CommittedTopics {
    private CommittedTopics() {}

    /**
     * A consumer of raw records in a group of its own ({@code fraudgraph-<purpose>-<random>}) that
     * sees only committed records and commits no offsets: it never disturbs another reader.
     *
     * @param autoOffsetReset where a subscription starts: {@code earliest} or {@code latest}
     */
    public static KafkaConsumer<byte[], byte[]> consumer(
            KafkaSettings kafka, String purpose, String autoOffsetReset) {
        return consumer(kafka, purpose, autoOffsetReset, true);
    }

    private static KafkaConsumer<byte[], byte[]> consumer(
            KafkaSettings kafka, String purpose, String autoOffsetReset, boolean committed) {
        Properties p = kafka.clientConfig();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "fraudgraph-" + purpose + "-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, autoOffsetReset);
        p.put(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                committed ? "read_committed" : "read_uncommitted");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Hands every committed record of {@code topics} (all partitions) to {@code each}, in partition
     * order within a partition.
     *
     * @throws TimeoutException when the end is not reached within {@code limit}
     */
    public static void readToEnd(
            KafkaSettings kafka,
            List<String> topics,
            Duration limit,
            Consumer<ConsumerRecord<byte[], byte[]>> each)
            throws TimeoutException {
        readToEnd(kafka, topics, limit, true, each);
    }

    /**
     * As {@link #readToEnd(KafkaSettings, List, Duration, Consumer)}; with {@code committed} false
     * as a {@code read_uncommitted} consumer sees the topics: every record written, also those of
     * transactions that were aborted or are still open.
     */
    public static void readToEnd(
            KafkaSettings kafka,
            List<String> topics,
            Duration limit,
            boolean committed,
            Consumer<ConsumerRecord<byte[], byte[]>> each)
            throws TimeoutException {
        try (KafkaConsumer<byte[], byte[]> consumer =
                consumer(kafka, "reader", "earliest", committed)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic, Duration.ofSeconds(15))
                        .forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(15));
            long deadline = System.nanoTime() + limit.toNanos();
            while (end.entrySet().stream()
                    .anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException(
                            "did not reach the end of "
                                    + String.join(", ", topics)
                                    + " within "
                                    + limit.toSeconds()
                                    + " s");
                }
                consumer.poll(Duration.ofMillis(500)).forEach(each);
            }
        }
    }
}
