package org.fraudgraph.job.cli;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.schema.RingCase;
import org.fraudgraph.schema.codec.AvroCodec;
import org.fraudgraph.schema.codec.DecodeException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes what the output topics hold, as a consumer with {@code read_committed} sees it: one line
 * per score ({@code S <event id> <decision> <score>}) and per case version ({@code C <case id>
 * <version> <kind> <members>}). The failure test compares these between a disturbed and an
 * undisturbed run.
 */
@Command(
        name = "delivery-report",
        mixinStandardHelpOptions = true,
        description = {
            "Counts what a read_committed consumer sees on the output topics (last line: scores=N cases=M deadletters=K);",
            "with --out it also writes every score (S event-id decision score) and case version (C case-id version kind members), for bin/failure-test."
        })
final class DeliveryReportCommand implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT[,...]")
    String bootstrapServers;

    @Option(names = "--scores-topic", defaultValue = "fraudgraph.scores")
    String scoresTopic;

    @Option(names = "--cases-topic", defaultValue = "fraudgraph.cases")
    String casesTopic;

    @Option(names = "--dead-letter-topic", defaultValue = "fraudgraph.dead-letters")
    String deadLetterTopic;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "Where to write the lines; without it only the counts are printed.")
    Path out;

    @Override
    public Integer call() throws Exception {
        new KafkaTopicsOption(bootstrapServers)
                .requireTopics(scoresTopic, casesTopic, deadLetterTopic);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "fraudgraph-delivery-" + UUID.randomUUID());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        AvroCodec<FraudScore> scores = AvroCodec.of(FraudScore.class);
        AvroCodec<RingCase> cases = AvroCodec.of(RingCase.class);
        long scored = 0;
        long caseVersions = 0;
        long deadLetters = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                        new KafkaConsumer<>(
                                p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                BufferedWriter w =
                        out == null
                                ? new BufferedWriter(java.io.Writer.nullWriter())
                                : Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            List<TopicPartition> partitions = new java.util.ArrayList<>();
            for (String topic : List.of(scoresTopic, casesTopic, deadLetterTopic)) {
                consumer.partitionsFor(topic, Duration.ofSeconds(15))
                        .forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(15));
            while (end.entrySet().stream()
                    .anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        if (r.topic().equals(deadLetterTopic)) {
                            deadLetters++;
                        } else if (r.topic().equals(scoresTopic)) {
                            if (out != null) {
                                FraudScore score = scores.decode(r.value());
                                w.write(
                                        "S "
                                                + score.getEventId()
                                                + " "
                                                + score.getDecision()
                                                + " "
                                                + score.getScore()
                                                + "\n");
                            }
                            scored++;
                        } else {
                            RingCase c = cases.decode(r.value());
                            w.write(
                                    "C "
                                            + c.getCaseId()
                                            + " "
                                            + c.getVersion()
                                            + " "
                                            + c.getKind()
                                            + " "
                                            + c.getMembers().size()
                                            + "\n");
                            caseVersions++;
                        }
                    } catch (DecodeException e) {
                        w.write("X " + r.topic() + "-" + r.partition() + "@" + r.offset() + "\n");
                    }
                }
            }
        }
        System.out.printf("scores=%d cases=%d deadletters=%d%n", scored, caseVersions, deadLetters);
        return 0;
    }
}
