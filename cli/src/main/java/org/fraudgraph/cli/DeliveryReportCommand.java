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
import org.fraudgraph.schema.DeadLetter;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.schema.RingCase;
import org.fraudgraph.schema.codec.AvroCodec;
import org.fraudgraph.schema.codec.DecodeException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Writes what the output topics hold, as a consumer with {@code read_committed} sees it (or {@code
 * read_uncommitted}): one line per score ({@code S <event id>@<account> <decision> <score>}), per
 * case version ({@code C <case id> <version> <kind> <members> <members digest>}) and per dead
 * letter ({@code D <topic>-<partition>@<offset> <reason>}). The failure test compares these between
 * a disturbed and an undisturbed run.
 */
@Command(
        name = "delivery-report",
        mixinStandardHelpOptions = true,
        description = {
            "Counts what a read_committed consumer sees on the output topics (last line: scores=N cases=M deadletters=K).",
            "With --out it also writes every score (S event-id@account decision score), case version (C case-id version"
                    + " kind members members-digest) and dead letter (D topic-partition@offset reason), for bin/failure-test."
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
            names = "--read-uncommitted",
            description =
                    "Read as a read_uncommitted consumer: also what aborted or open transactions wrote (what a consumer"
                            + " that ignores transactions sees after a crash).")
    boolean uncommitted;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "Where to write the lines; without it only the counts are printed.")
    Path out;

    private AvroCodec<DeadLetter> letters;

    @Override
    public Integer call() throws Exception {
        kafka.requireTopics(scoresTopic, casesTopic, deadLetterTopic);
        AvroCodec<FraudScore> scores = AvroCodec.of(FraudScore.class);
        AvroCodec<RingCase> cases = AvroCodec.of(RingCase.class);
        letters = AvroCodec.of(DeadLetter.class);
        long[] counts = new long[3];
        try (BufferedWriter w =
                out == null
                        ? new BufferedWriter(java.io.Writer.nullWriter())
                        : Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            CommittedTopics.readToEnd(
                    kafka.settings(),
                    List.of(scoresTopic, casesTopic, deadLetterTopic),
                    Duration.ofMinutes(5),
                    !uncommitted,
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

    /** The line for one record (empty without --out), counting it. */
    private String line(
            ConsumerRecord<byte[], byte[]> r,
            AvroCodec<FraudScore> scores,
            AvroCodec<RingCase> cases,
            long[] counts) {
        try {
            if (r.topic().equals(deadLetterTopic)) {
                counts[2]++;
                if (out == null) {
                    return "";
                }
                DeadLetter d = letters.decode(r.value());
                return "D "
                        + d.getSourceTopic()
                        + "-"
                        + d.getPartition()
                        + "@"
                        + d.getOffset()
                        + " "
                        + d.getReason()
                        + "\n";
            }
            if (r.topic().equals(scoresTopic)) {
                counts[0]++;
                if (out == null) {
                    return "";
                }
                FraudScore score = scores.decode(r.value());
                return "S "
                        + score.getEventId()
                        + "@"
                        + score.getEntityId()
                        + " "
                        + score.getDecision()
                        + " "
                        + score.getScore()
                        + "\n";
            }
            RingCase c = cases.decode(r.value());
            counts[1]++;
            if (out == null) {
                return "";
            }
            return "C "
                    + c.getCaseId()
                    + " "
                    + c.getVersion()
                    + " "
                    + c.getKind()
                    + " "
                    + c.getMembers().size()
                    + " "
                    + membersDigest(c)
                    + "\n";
        } catch (DecodeException e) {
            return "X " + r.topic() + "-" + r.partition() + "@" + r.offset() + "\n";
        }
    }

    /** The first 16 hex digits of the SHA-256 of the case's sorted members (type:id each). */
    static String membersDigest(RingCase c) {
        List<String> members = new java.util.ArrayList<>();
        for (org.fraudgraph.schema.RingMember m : c.getMembers()) {
            members.add(m.getEntityType() + ":" + m.getEntityId());
        }
        java.util.Collections.sort(members);
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            for (String m : members) {
                sha.update(m.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return java.util.HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
