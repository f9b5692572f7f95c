package org.fraudgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.fraudgraph.replay.EventFiles;
import org.fraudgraph.schema.DeviceEvent;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.schema.TransactionEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fraudgraph generate} then {@code fraudgraph replay}, twice: the same bytes out, and
 * one-line errors.
 */
class ReplayCommandITCase {
    @TempDir static Path dir;
    private static Path data;

    @BeforeAll
    static void generate() {
        data = dir.resolve("data");
        assertThat(
                        CliRun.of(
                                        "generate",
                                        "--accounts",
                                        "1500",
                                        "--days",
                                        "2",
                                        "--seed",
                                        "5",
                                        "--out",
                                        data.toString())
                                .exit())
                .isZero();
    }

    @Test
    void replayingTheSameDataTwiceGivesTheSameBytes() throws IOException {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        CliRun a =
                CliRun.of(
                        "replay",
                        "--data",
                        data.toString(),
                        "--out",
                        first.toString(),
                        "--sweep",
                        "score.review=0.3:0.9:0.1");
        CliRun b =
                CliRun.of(
                        "replay",
                        "--data",
                        data.toString(),
                        "--out",
                        second.toString(),
                        "--sweep",
                        "score.review=0.3:0.9:0.1",
                        "--parallelism",
                        "1");
        assertThat(a.exit()).as(a.out() + a.err()).isZero();
        assertThat(b.exit()).as(b.out() + b.err()).isZero();
        for (String file : List.of("scores.avro", "cases.avro", "report.json")) {
            assertThat(Files.readAllBytes(second.resolve(file)))
                    .as(file)
                    .isEqualTo(Files.readAllBytes(first.resolve(file)));
        }

        JsonNode manifest = new ObjectMapper().readTree(data.resolve("manifest.json").toFile());
        long scorable =
                manifest.get("events").asLong() - manifest.at("/files/feedback.avro").asLong();
        List<FraudScore> scores =
                EventFiles.readAll(first.resolve("scores.avro"), FraudScore.class);
        assertThat(scores).hasSize((int) scorable);
        JsonNode report = new ObjectMapper().readTree(first.resolve("report.json").toFile());
        assertThat(report.get("events").asLong()).isEqualTo(scorable);
        for (String level : List.of("event", "account", "ring")) {
            assertThat(report.at("/levels/" + level).has("precision")).isTrue();
        }
        assertThat(report.at("/patterns").fieldNames())
                .toIterable()
                .contains(
                        "DEVICE_FARM",
                        "APPLICATION_RING",
                        "CASH_OUT",
                        "MULE_CHAIN",
                        "ACCOUNT_TAKEOVER");
        assertThat(report.at("/sweep")).hasSize(7);
        assertThat(Files.readString(first.resolve("report.html"))).contains("<svg");
    }

    @Test
    void aHistoryIsReplayedButNotCountedAndCanBeSkipped() throws IOException {
        Path withHistory = dir.resolve("with-history");
        CliRun generate =
                CliRun.of(
                        "generate",
                        "--accounts",
                        "1500",
                        "--days",
                        "2",
                        "--history-days",
                        "1",
                        "--seed",
                        "5",
                        "--out",
                        withHistory.toString());
        assertThat(generate.exit()).as(generate.out() + generate.err()).isZero();
        assertThat(generate.out()).contains("2 days after 1 day of history");
        long start = java.time.Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();
        long before = 0;
        long scorableInPeriod = 0;
        try (EventFiles.Merged merged = EventFiles.readMerged(withHistory)) {
            while (merged.hasNext()) {
                var e = merged.next();
                if (EventFiles.eventMillis(e) < start) {
                    before++;
                } else if (!(e instanceof org.fraudgraph.schema.FeedbackEvent)) {
                    scorableInPeriod++;
                }
            }
        }
        assertThat(before).isPositive();

        Path warm = dir.resolve("warm");
        CliRun replay =
                CliRun.of("replay", "--data", withHistory.toString(), "--out", warm.toString());
        assertThat(replay.exit()).as(replay.out() + replay.err()).isZero();
        assertThat(replay.out()).contains("history: " + String.format("%,d", before) + " events");
        JsonNode report = new ObjectMapper().readTree(warm.resolve("report.json").toFile());
        assertThat(report.get("events").asLong()).isEqualTo(scorableInPeriod);
        assertThat(report.at("/history/events").asLong()).isEqualTo(before);
        assertThat(EventFiles.readAll(warm.resolve("scores.avro"), FraudScore.class))
                .hasSize((int) (before + scorableInPeriod));

        Path cold = dir.resolve("cold");
        CliRun skip =
                CliRun.of(
                        "replay",
                        "--data",
                        withHistory.toString(),
                        "--out",
                        cold.toString(),
                        "--skip-history");
        assertThat(skip.exit()).as(skip.out() + skip.err()).isZero();
        assertThat(skip.out()).contains("its period only");
        JsonNode coldReport = new ObjectMapper().readTree(cold.resolve("report.json").toFile());
        assertThat(coldReport.get("events").asLong()).isEqualTo(scorableInPeriod);
        assertThat(coldReport.has("history")).isFalse();
        assertThat(EventFiles.readAll(cold.resolve("scores.avro"), FraudScore.class))
                .hasSize((int) scorableInPeriod)
                .allMatch(s -> s.getEventTime().toEpochMilli() >= start);

        CliRun noHistory =
                CliRun.of(
                        "replay",
                        "--data",
                        data.toString(),
                        "--out",
                        dir.resolve("none").toString(),
                        "--skip-history");
        assertThat(noHistory.exit()).isEqualTo(2);
        assertThat(noHistory.err()).contains("has no history");
    }

    @Test
    void eventsSentTwiceAreScoredOnceAndAFileOutOfOrderIsRefused() throws IOException {
        // Every 40th transaction sent twice, in place; no manifest (its counts would be stale).
        Path twice = copyOfData("twice");
        List<TransactionEvent> transactions =
                EventFiles.readAll(data.resolve(EventFiles.TRANSACTIONS), TransactionEvent.class);
        List<TransactionEvent> withRepeats = new ArrayList<>();
        int repeats = 0;
        for (int i = 0; i < transactions.size(); i++) {
            withRepeats.add(transactions.get(i));
            if (i % 40 == 0) {
                withRepeats.add(transactions.get(i));
                repeats++;
            }
        }
        EventFiles.writeAll(
                twice.resolve(EventFiles.TRANSACTIONS), TransactionEvent.class, withRepeats);
        CliRun replayed =
                CliRun.of(
                        "replay",
                        "--data",
                        twice.toString(),
                        "--out",
                        dir.resolve("twice-out").toString());
        assertThat(replayed.exit()).as(replayed.out() + replayed.err()).isZero();
        assertThat(replayed.out())
                .contains(
                        String.format(
                                "%,d events of the data set were sent twice (the same event id and"
                                        + " account) and scored once",
                                repeats));

        // Two devices events out of event-time order.
        Path unsorted = copyOfData("unsorted");
        List<DeviceEvent> devices =
                EventFiles.readAll(data.resolve(EventFiles.DEVICES), DeviceEvent.class);
        int at = 0;
        while (!devices.get(at).getEventTime().isBefore(devices.get(at + 1).getEventTime())) {
            at++;
        }
        Collections.swap(devices, at, at + 1);
        EventFiles.writeAll(unsorted.resolve(EventFiles.DEVICES), DeviceEvent.class, devices);
        CliRun refused = CliRun.of("replay", "--data", unsorted.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err().lines())
                .hasSize(1)
                .first()
                .asString()
                .contains(
                        "devices.avro is not in event-time order: event "
                                + devices.get(at + 1).getEventId());
    }

    /** The generated data set's events and labels in a new folder, without its manifest. */
    private static Path copyOfData(String name) throws IOException {
        Path copy = Files.createDirectories(dir.resolve(name));
        try (var files = Files.list(data)) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().equals("manifest.json")) {
                    Files.copy(f, copy.resolve(f.getFileName()));
                }
            }
        }
        return copy;
    }

    @Test
    void badInputGetsOneLineAndANonZeroExit() throws IOException {
        CliRun missing = CliRun.of("replay", "--data", dir.resolve("nowhere").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err().lines()).hasSize(1).first().asString().contains("no data folder");

        Path corrupt = dir.resolve("corrupt");
        Files.createDirectories(corrupt);
        for (String f : EventFiles.fileNames()) {
            Files.copy(data.resolve(f), corrupt.resolve(f));
        }
        Files.write(corrupt.resolve(EventFiles.TRANSACTIONS), new byte[] {1, 2, 3});
        CliRun broken = CliRun.of("replay", "--data", corrupt.toString());
        assertThat(broken.exit()).isEqualTo(2);
        assertThat(broken.err()).contains("transactions.avro is not an Avro container file");

        CliRun sweep =
                CliRun.of(
                        "replay", "--data", data.toString(), "--sweep", "score.review=0.9:0.1:0.1");
        assertThat(sweep.exit()).isEqualTo(2);
        assertThat(sweep.err().lines()).hasSize(1);

        Path notEmpty = dir.resolve("not-empty");
        Files.createDirectories(notEmpty);
        Files.writeString(notEmpty.resolve("keep.txt"), "mine");
        CliRun refused =
                CliRun.of("replay", "--data", data.toString(), "--out", notEmpty.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("is not empty");

        CliRun generateAgain =
                CliRun.of("generate", "--accounts", "1500", "--out", data.toString());
        assertThat(generateAgain.exit()).isEqualTo(2);
        assertThat(generateAgain.err()).contains("exists and is not an empty folder");

        CliRun tooSmall =
                CliRun.of("generate", "--accounts", "10", "--out", dir.resolve("x").toString());
        assertThat(tooSmall.exit()).isEqualTo(2);
        assertThat(tooSmall.err().lines())
                .containsExactly("fraudgraph: --accounts must be at least 100");
    }
}
