package org.fraudgraph.cli;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.fraudgraph.job.io.CommittedTopics;
import org.fraudgraph.job.options.Cli;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.schema.RingCase;
import org.fraudgraph.schema.codec.AvroCodec;
import org.fraudgraph.schema.codec.DecodeException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
            "Counts what a read_committed consumer sees on the output topics (last line: scores=N cases=M deadletters=K).",
            "With --out it also writes every score (S event-id decision score) and case version (C case-id version kind"
                    + " members), for bin/failure-test."
        })
final class DeliveryReportCommand implements Callable<Integer> {
    @Mixin KafkaTopicsOption kafka;

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
        kafka.requireTopics(scoresTopic, casesTopic, deadLetterTopic);
        AvroCodec<FraudScore> scores = AvroCodec.of(FraudScore.class);
        AvroCodec<RingCase> cases = AvroCodec.of(RingCase.class);
        long[] counts = new long[3];
        try (BufferedWriter w =
                out == null
                        ? new BufferedWriter(java.io.Writer.nullWriter())
                        : Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            CommittedTopics.readToEnd(
                    kafka.settings(),
                    List.of(scoresTopic, casesTopic, deadLetterTopic),
                    Duration.ofMinutes(5),
                    r -> {
                        try {
                            w.write(line(r, scores, cases, counts));
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
        } catch (java.util.concurrent.TimeoutException e) {
            throw new Cli.UsageProblem(e.getMessage());
        }
        long scored = counts[0];
        long caseVersions = counts[1];
        long deadLetters = counts[2];
        System.out.printf("scores=%d cases=%d deadletters=%d%n", scored, caseVersions, deadLetters);
        return 0;
    }

    /** The line for one record (empty for a dead letter, or without --out), counting it. */
    private String line(
            ConsumerRecord<byte[], byte[]> r,
            AvroCodec<FraudScore> scores,
            AvroCodec<RingCase> cases,
            long[] counts) {
        try {
            if (r.topic().equals(deadLetterTopic)) {
                counts[2]++;
                return "";
            }
            if (r.topic().equals(scoresTopic)) {
                counts[0]++;
                if (out == null) {
                    return "";
                }
                FraudScore score = scores.decode(r.value());
                return "S "
                        + score.getEventId()
                        + " "
                        + score.getDecision()
                        + " "
                        + score.getScore()
                        + "\n";
            }
            RingCase c = cases.decode(r.value());
            counts[1]++;
            return "C "
                    + c.getCaseId()
                    + " "
                    + c.getVersion()
                    + " "
                    + c.getKind()
                    + " "
                    + c.getMembers().size()
                    + "\n";
        } catch (DecodeException e) {
            return "X " + r.topic() + "-" + r.partition() + "@" + r.offset() + "\n";
        }
    }
}
