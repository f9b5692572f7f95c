package org.fraudgraph.job.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.fraudgraph.schema.RingCase;
import org.fraudgraph.schema.codec.AvroCodec;
import org.fraudgraph.schema.codec.DecodeException;

/**
 * Every case version in a case file (the {@code cases.avro} of a replay) or on the case topic
 * ({@code read_committed}, from the beginning to the end it has now).
 */
final class CaseSource {
    private CaseSource() {}

    static List<RingCase> fromFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new Cli.UsageProblem(
                    "cannot read the case file "
                            + file
                            + ": "
                            + (Files.exists(file) ? "not a file" : "no such file"));
        }
        List<RingCase> out = new ArrayList<>();
        try (DataFileReader<RingCase> r =
                new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(RingCase.class))) {
            for (RingCase c : r) {
                out.add(c);
            }
        } catch (IOException | RuntimeException e) {
            throw new Cli.UsageProblem(
                    file
                            + " is not a readable case file (an Avro file of RingCase, as replay"
                            + " writes): "
                            + oneLine(e));
        }
        return out;
    }

    static List<RingCase> fromKafka(
            String bootstrapServers, String topic, java.io.PrintWriter warnings) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "fraudgraph-export-" + UUID.randomUUID());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        AvroCodec<RingCase> codec = AvroCodec.of(RingCase.class);
        List<RingCase> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, Duration.ofSeconds(15)).stream()
                            .map(i -> new TopicPartition(topic, i.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(15));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new Cli.UsageProblem(
                            "gave up reading "
                                    + topic
                                    + " after 120 s ("
                                    + out.size()
                                    + " case versions read)");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        out.add(codec.decode(r.value()));
                    } catch (DecodeException e) {
                        warnings.printf(
                                "fraudgraph: skipped unreadable record %s-%d@%d: %s%n",
                                r.topic(), r.partition(), r.offset(), e.getMessage());
                        warnings.flush();
                    }
                }
            }
        }
        return out;
    }

    private static boolean reached(
            KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
