package org.fraudgraph.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.fraudgraph.job.io.CommittedTopics;
import org.fraudgraph.job.options.Cli;
import org.fraudgraph.job.options.DurationConverter;
import org.fraudgraph.schema.Decision;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.schema.ReasonCode;
import org.fraudgraph.schema.RingCase;
import org.fraudgraph.schema.RingMember;
import org.fraudgraph.schema.codec.AvroCodec;
import org.fraudgraph.schema.codec.DecodeException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Prints the score and case topics for a person: each alert with its time, account, decision and
 * top reasons; each case version with its kind, size and score. Reads committed results only.
 */
@Command(
        name = "alerts",
        mixinStandardHelpOptions = true,
        description = {
            "Prints alerts (REVIEW and BLOCK scores) and ring cases from Kafka as they arrive, for a person to read.",
            "Without --follow it prints what the topics hold and stops once they are quiet."
        })
final class AlertsCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
                    .withZone(ZoneId.of("UTC"));

    @Mixin KafkaTopicsOption kafka;

    @Option(
            names = "--scores-topic",
            paramLabel = "TOPIC",
            defaultValue = "fraudgraph.scores",
            description = "Scores topic (default: ${DEFAULT-VALUE}).")
    String scoresTopic;

    @Option(
            names = "--cases-topic",
            paramLabel = "TOPIC",
            defaultValue = "fraudgraph.cases",
            description = "Cases topic (default: ${DEFAULT-VALUE}).")
    String casesTopic;

    @Option(
            names = "--follow",
            description = "Keep printing new alerts and cases until interrupted (Ctrl-C).")
    boolean follow;

    @Option(
            names = "--from-beginning",
            description =
                    "Start at the oldest record kept; by default --follow starts with what arrives from now on.")
    boolean fromBeginning;

    @Option(names = "--all", description = "Print every score, ALLOW included.")
    boolean all;

    @Option(
            names = "--reasons",
            paramLabel = "N",
            defaultValue = "3",
            description = "Reasons printed per alert (default: ${DEFAULT-VALUE}).")
    int reasons;

    @Option(
            names = "--quiet-after",
            paramLabel = "DURATION",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description =
                    "Without --follow: stop after this long without new records (default: ${DEFAULT-VALUE}).")
    Duration quietAfter;

    PrintStream out = System.out;

    @Override
    public Integer call() {
        if (reasons < 0) {
            throw new Cli.UsageProblem("--reasons must not be negative");
        }
        kafka.requireTopics(scoresTopic, casesTopic);
        AvroCodec<FraudScore> scores = AvroCodec.of(FraudScore.class);
        AvroCodec<RingCase> cases = AvroCodec.of(RingCase.class);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(scoresTopic, casesTopic));
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook =
                    new Thread(
                            () -> {
                                consumer.wakeup();
                                try {
                                    stopped.await();
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            });
            Runtime.getRuntime().addShutdownHook(hook);
            long quietSince = System.nanoTime();
            try {
                while (follow || System.nanoTime() - quietSince < quietAfter.toNanos()) {
                    var records = consumer.poll(Duration.ofMillis(500));
                    if (!records.isEmpty()) {
                        quietSince = System.nanoTime();
                    }
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        print(r, scores, cases);
                    }
                    out.flush();
                }
            } catch (WakeupException e) {
                // Ctrl-C: stop quietly.
            } finally {
                stopped.countDown();
            }
            if (!follow) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
        return 0;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return CommittedTopics.consumer(
                kafka.settings(), "alerts", fromBeginning || !follow ? "earliest" : "latest");
    }

    private void print(
            ConsumerRecord<byte[], byte[]> r,
            AvroCodec<FraudScore> scores,
            AvroCodec<RingCase> cases) {
        try {
            if (r.topic().equals(scoresTopic)) {
                FraudScore s = scores.decode(r.value());
                if (all || s.getDecision() != Decision.ALLOW) {
                    out.println(line(s, reasons));
                }
            } else {
                out.println(line(cases.decode(r.value())));
            }
        } catch (DecodeException e) {
            out.println(
                    "unreadable record "
                            + r.topic()
                            + "-"
                            + r.partition()
                            + "@"
                            + r.offset()
                            + ": "
                            + e.getMessage());
        }
    }

    /** One alert: time, decision, score, account, event kind, the top reasons. */
    static String line(FraudScore s, int reasons) {
        String why =
                s.getReasons().stream()
                        .limit(reasons)
                        .map(AlertsCommand::reason)
                        .collect(Collectors.joining("; "));
        return String.format(
                Locale.ROOT,
                "%s  %-6s %4.2f  %-14s %-12s %s",
                TIME.format(s.getEventTime()),
                s.getDecision(),
                s.getScore(),
                s.getEntityId(),
                s.getEventKind(),
                why.isEmpty() ? "-" : why);
    }

    /** One case version: id, version, kind, status, its members by type, score and period. */
    static String line(RingCase c) {
        Map<EntityType, Long> byType =
                c.getMembers().stream()
                        .collect(
                                Collectors.groupingBy(
                                        RingMember::getEntityType,
                                        java.util.TreeMap::new,
                                        Collectors.counting()));
        String members =
                byType.entrySet().stream()
                        .map(e -> org.fraudgraph.export.CaseGraph.count(e.getValue(), e.getKey()))
                        .collect(Collectors.joining(", "));
        return String.format(
                Locale.ROOT,
                "%s  CASE   %4.2f  %s v%d %s %s: %s (%s … %s)",
                TIME.format(c.getLastSeen()),
                c.getScore(),
                c.getCaseId(),
                c.getVersion(),
                c.getKind(),
                c.getStatus(),
                members,
                TIME.format(c.getFirstSeen()),
                TIME.format(c.getLastSeen()));
    }

    /** A reason as people read it: {@code CODE (detail)}. */
    static String reason(ReasonCode r) {
        return r.getCode() + " (" + r.getDetail() + ")";
    }
}
