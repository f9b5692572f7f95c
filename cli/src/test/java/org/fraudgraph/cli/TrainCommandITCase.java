package org.fraudgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.FeedbackEvent;
import org.fraudgraph.schema.Verdict;
import org.fraudgraph.training.TrainingSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fraudgraph train} on a classic data set it replays first, measured on a varied one it
 * never saw: the model file, the report and the side-by-side table with the built-in model.
 */
class TrainCommandITCase {
    @TempDir Path dir;

    private static String[] generate(Path out, String profile, int seed) {
        return new String[] {
            "generate",
            "--accounts",
            "1500",
            "--days",
            "2",
            "--seed",
            Integer.toString(seed),
            "--profile",
            profile,
            "--device-farms",
            "3",
            "--application-rings",
            "3",
            "--cash-out-rings",
            "3",
            "--mule-chains",
            "3",
            "--takeovers",
            "10",
            "--out",
            out.toString()
        };
    }

    @Test
    void trainsOnOneDataSetAndMeasuresBothModelsOnItsHeldOutPartAndOnAnother() throws Exception {
        Path classic = dir.resolve("classic");
        Path varied = dir.resolve("varied");
        assertThat(CliRun.of(generate(classic, "classic", 5)).exit()).isZero();
        assertThat(CliRun.of(generate(varied, "varied", 6)).exit()).isZero();
        Path model = dir.resolve("model.json");
        // An analyst's verdict, as a file of FeedbackEvent.
        Path verdicts = dir.resolve("verdicts.avro");
        try (org.apache.avro.file.DataFileWriter<FeedbackEvent> out =
                new org.apache.avro.file.DataFileWriter<>(
                        new org.apache.avro.specific.SpecificDatumWriter<>(FeedbackEvent.class))) {
            out.create(FeedbackEvent.getClassSchema(), verdicts.toFile());
            out.append(
                    FeedbackEvent.newBuilder()
                            .setEventId("v-1")
                            .setEventTime(java.time.Instant.parse("2026-11-03T00:00:00Z"))
                            .setEntityType(EntityType.ACCOUNT)
                            .setEntityId("acc-0000001")
                            .setVerdict(Verdict.CONFIRMED_FRAUD)
                            .build());
        }
        CliRun run =
                CliRun.of(
                        "train",
                        "--data",
                        classic.toString(),
                        "--out",
                        model.toString(),
                        "--evaluate-data",
                        varied.toString(),
                        "--verdicts",
                        verdicts.toString());
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        // The data set's own confirmations and the analyst's, as verdicts over its labels
        // (its chargebacks are none).
        assertThat(run.out())
                .containsPattern("verdicts over the labels: \\d+ accounts \\(\\d+ fraud");
        // No replay was given: both data sets were replayed first, beside them.
        assertThat(dir.resolve("classic-replay").resolve("scores.avro")).isRegularFile();
        assertThat(dir.resolve("varied-replay").resolve("scores.avro")).isRegularFile();
        assertThat(run.out())
                .contains("held-out rings and accounts", "another data set, all of it")
                .contains("PR-AUC (events)", "account recall at 30 alerts per 10,000")
                .contains("what it leans on");

        ObjectMapper json = new ObjectMapper();
        JsonNode m = json.readTree(model.toFile());
        assertThat(m.get("format").asText()).isEqualTo("fraudgraph-trees-1");
        assertThat(m.get("version").asText()).startsWith("trained-");
        List<String> features = new ArrayList<>();
        m.get("features").forEach(f -> features.add(f.asText()));
        assertThat(features).isEqualTo(TrainingSet.modelFeatures());
        assertThat(m.at("/thresholds/review").asDouble())
                .isLessThanOrEqualTo(m.at("/thresholds/block").asDouble());
        assertThat(m.at("/booster/learner/gradient_booster/model/trees").size()).isEqualTo(300);

        JsonNode report = json.readTree(dir.resolve("model-report.json").toFile());
        assertThat(report.get("model").asText()).isEqualTo(m.get("version").asText());
        assertThat(report.get("comparisons")).hasSize(2);
        for (JsonNode c : report.get("comparisons")) {
            for (String which : List.of("trained", "builtIn")) {
                JsonNode recall = c.at("/" + which + "/budgets/1/accountRecall");
                assertThat(c.at("/" + which + "/budgets/1/per10k").asInt()).isEqualTo(30);
                assertThat(recall.asDouble()).isBetween(0.0, 1.0);
                assertThat(c.at("/" + which + "/calibration")).hasSize(10);
            }
            assertThat(c.get("events").asInt()).isPositive();
        }
        assertThat(report.at("/comparisons/1/events").asInt())
                .as("all of the other data set")
                .isEqualTo(
                        (int)
                                (json.readTree(varied.resolve("manifest.json").toFile())
                                                .get("events")
                                                .asLong()
                                        - json.readTree(varied.resolve("manifest.json").toFile())
                                                .at("/files/feedback.avro")
                                                .asLong()));
        assertThat(Files.readString(dir.resolve("model-report.json"))).contains("importance");
    }

    @Test
    void anEvaluateReplayWithoutItsDataIsAOneLineUsageProblem() {
        CliRun run =
                CliRun.of(
                        "train",
                        "--data",
                        dir.toString(),
                        "--replay",
                        dir.resolve("r").toString(),
                        "--evaluate-replay",
                        dir.resolve("x").toString());
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("--evaluate-replay goes with --evaluate-data");
        assertThat(dir.resolve("r")).doesNotExist();
    }
}
