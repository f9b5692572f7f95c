package org.fraudgraph.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import org.fraudgraph.job.io.CommittedTopics;
import org.fraudgraph.job.options.Cli;
import org.fraudgraph.replay.EventFiles;
import org.fraudgraph.schema.FeedbackEvent;
import org.fraudgraph.schema.codec.AvroCodec;
import org.fraudgraph.schema.codec.DecodeException;
import org.fraudgraph.training.ModelFit;
import org.fraudgraph.training.Training;
import org.fraudgraph.training.Verdicts;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Fits the scoring model from a replay's feature vectors and the data set's labels. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Fits a scoring model (a gradient-boosted tree ensemble, XGBoost) to the feature vectors a replay "
                    + "scored and the data set's labels, split into training and test parts by ring and "
                    + "account (never by event), and measures it against the built-in model on the held-out "
                    + "part: PR-AUC, account recall at 10, 30 and 100 alerts per 10,000 events, calibration.",
            "With --evaluate-data it also measures both models on a data set the fit never saw (another "
                    + "profile, other seeds). Writes the model (XGBoost's JSON trees with their features and "
                    + "thresholds) and a report."
        })
final class TrainCommand implements Callable<Integer> {
    @Mixin DataSetOption dataSet;

    @Option(
            names = "--replay",
            paramLabel = "DIR",
            description =
                    "A replay of --data ('fraudgraph replay --out DIR'); replayed into it first when it holds no"
                            + " scores.avro (default: the data folder's name with -replay).")
    Path replay;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            defaultValue = "model.json",
            description =
                    "Where the model goes (default: ${DEFAULT-VALUE}); the report goes beside it.")
    Path out;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "1",
            description = "Which split and which sampling of the fit (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--evaluate-data",
            paramLabel = "DIR",
            description =
                    "Another data set to measure both models on (all of it; the fit never sees it).")
    Path evaluateData;

    @Option(
            names = "--evaluate-replay",
            paramLabel = "DIR",
            description =
                    "Its replay; replayed into it first when it holds no scores.avro (default: its name with"
                            + " -replay).")
    Path evaluateReplay;

    @Option(
            names = "--verdicts",
            paramLabel = "FILE",
            description =
                    "Verdicts to train on, over the data set's labels: an Avro file of FeedbackEvent (a data set's"
                            + " feedback.avro). The latest verdict on an account wins.")
    Path verdictsFile;

    @Option(
            names = "--verdicts-from-kafka",
            paramLabel = "HOST:PORT",
            description =
                    "Read the verdicts from the feedback topic of this Kafka (what 'fraudgraph verdict' sent),"
                            + " to its end.")
    String verdictsKafka;

    @Option(
            names = "--feedback-topic",
            paramLabel = "TOPIC",
            defaultValue = "fraudgraph.feedback",
            description = "The feedback topic (default: ${DEFAULT-VALUE}).")
    String feedbackTopic;

    @Mixin KafkaClientOption kafkaClient;

    @Override
    public Integer call() throws Exception {
        PrintStream console = System.out;
        if (evaluateReplay != null && evaluateData == null) {
            throw new Cli.UsageProblem("--evaluate-replay goes with --evaluate-data");
        }
        Path data = dataSet.checked();
        Path scored = replayed(data, replay);
        List<Training.Elsewhere> elsewhere = new ArrayList<>();
        if (evaluateData != null) {
            try (var check = EventFiles.readMerged(evaluateData)) {
                // a missing or foreign file is a usage problem before anything starts
            } catch (IOException e) {
                throw new Cli.UsageProblem("--evaluate-data: " + e.getMessage());
            }
            elsewhere.add(
                    new Training.Elsewhere(evaluateData, replayed(evaluateData, evaluateReplay)));
        }
        console.printf(
                Locale.ROOT,
                "fraudgraph train: %s (scores in %s), %.0f %% of its rings and accounts held out, %d trees of"
                        + " depth %s%n",
                data,
                scored,
                Training.TEST_SHARE * 100,
                ModelFit.ROUNDS,
                ModelFit.SETTINGS.get("max_depth"));
        Verdicts verdicts = verdicts();
        if (verdicts.accounts() > 0) {
            console.printf(
                    "  verdicts over the labels: %,d accounts (%,d fraud, %,d honest)%n",
                    verdicts.accounts(), verdicts.fraud(), verdicts.accounts() - verdicts.fraud());
        }
        Training.Result result = Training.run(data, scored, verdicts, seed, elsewhere);
        Path report = report(out);
        Training.write(result, out, report);
        console.printf(
                Locale.ROOT,
                "  fitted on %,d events (%,d fraud) in %.1f s%n",
                result.trainEvents(),
                result.trainFraudEvents(),
                result.fitSeconds());
        console.println("  what it leans on (share of the gain of its splits):");
        console.print(Training.importance(result, 12));
        console.print(Training.table(result));
        console.printf(
                "fraudgraph train: model %s in %s, report %s%n", result.version(), out, report);
        return 0;
    }

    /** The verdicts of --verdicts and --verdicts-from-kafka, together. */
    private Verdicts verdicts() {
        Verdicts v = new Verdicts();
        if (verdictsFile != null) {
            try {
                v.addFile(verdictsFile.toFile());
            } catch (IOException e) {
                throw new Cli.UsageProblem(
                        "--verdicts: "
                                + verdictsFile
                                + " is not an Avro file of FeedbackEvent: "
                                + e.getMessage());
            }
        }
        if (verdictsKafka != null) {
            AvroCodec<FeedbackEvent> codec = AvroCodec.of(FeedbackEvent.class);
            try {
                CommittedTopics.readToEnd(
                        kafkaClient.settings(verdictsKafka),
                        List.of(feedbackTopic),
                        Duration.ofSeconds(120),
                        r -> {
                            try {
                                v.add(codec.decode(r.value()));
                            } catch (DecodeException e) {
                                // What the job dead-letters is no verdict here either.
                            }
                        });
            } catch (TimeoutException e) {
                throw new Cli.UsageProblem("gave up reading " + feedbackTopic + " after 120 s");
            }
        }
        return v;
    }

    /** The report beside the model: {@code model.json} gives {@code model-report.json}. */
    static Path report(Path model) {
        String name = model.getFileName().toString();
        String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return model.resolveSibling(stem + "-report.json");
    }

    /** The replay of {@code data}: {@code given}, or its default, replayed first when empty. */
    private static Path replayed(Path data, Path given) {
        Path dir =
                given != null
                        ? given
                        : data.toAbsolutePath()
                                .resolveSibling(data.toAbsolutePath().getFileName() + "-replay");
        if (Files.isRegularFile(dir.resolve("scores.avro"))) {
            return dir;
        }
        System.out.printf(
                "fraudgraph train: no scores.avro in %s: replaying %s first%n", dir, data);
        int rc =
                new CommandLine(new ReplayCommand())
                        .execute("--data", data.toString(), "--out", dir.toString(), "--force");
        if (rc != 0 || !Files.isRegularFile(dir.resolve("scores.avro"))) {
            throw new Cli.UsageProblem("the replay of " + data + " into " + dir + " failed");
        }
        return dir;
    }
}
