package org.fraudgraph.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.fraudgraph.graph.Keys;
import org.fraudgraph.replay.GroundTruth;

/**
 * One training run: read a replay's scored events and its data set's labels, split them by ring and
 * account, fit a model on one part, measure it and the built-in model on the other, and (when
 * asked) on other data sets it never saw; write the model and the report.
 */
public final class Training {
    /** Share of rings and accounts held out to measure on. */
    public static final double TEST_SHARE = 0.3;

    /** The model file's format name: what {@code replay --config} will check for. */
    public static final String FORMAT = org.fraudgraph.score.ModelConfig.TREES_FORMAT;

    private Training() {}

    /** Where one measurement was made and what it gave for the trained and the built-in model. */
    public record Comparison(
            String what, Path data, int events, Measures trained, Measures builtIn) {}

    /** What a run produced. */
    public record Result(
            String version,
            int trainEvents,
            int trainFraudEvents,
            double fitSeconds,
            List<Comparison> comparisons,
            java.util.Map<String, Double> importance,
            ObjectNode model) {}

    /** A data set and the replay of it to measure on. */
    public record Elsewhere(Path data, Path replay) {}

    /**
     * Fits on {@code data} (scored in {@code replay}), measures on its held-out part and on each of
     * {@code elsewhere}.
     */
    public static Result run(Path data, Path replay, long seed, List<Elsewhere> elsewhere)
            throws IOException, XGBoostError {
        return run(data, replay, new Verdicts(), seed, elsewhere);
    }

    /** As above, with analysts' {@code verdicts} over the data set's labels. */
    public static Result run(
            Path data, Path replay, Verdicts verdicts, long seed, List<Elsewhere> elsewhere)
            throws IOException, XGBoostError {
        TrainingSet set =
                TrainingSet.read(
                        replay.resolve("scores.avro").toFile(), GroundTruth.read(data), verdicts);
        GroupSplit split = new GroupSplit(TEST_SHARE, seed);
        int[] trainRows = set.part(split, false);
        int[] testRows = set.part(split, true);
        long started = System.nanoTime();
        List<Comparison> comparisons = new ArrayList<>();
        try (ModelFit fit = ModelFit.fit(set, trainRows, seed)) {
            double seconds = (System.nanoTime() - started) / 1e9;
            comparisons.add(compare("held-out rings and accounts", data, set, testRows, fit));
            for (Elsewhere e : elsewhere) {
                TrainingSet other =
                        TrainingSet.read(
                                e.replay().resolve("scores.avro").toFile(),
                                GroundTruth.read(e.data()));
                comparisons.add(
                        compare("another data set, all of it", e.data(), other, other.all(), fit));
            }
            String booster = fit.json();
            String version =
                    "trained-"
                            + LocalDate.now(ZoneOffset.UTC).toString().replace("-", "")
                            + "-"
                            + Long.toHexString(Keys.hash64(booster)).substring(0, 8);
            int fraud = 0;
            for (int r : trainRows) {
                fraud += set.label(r) == 1 ? 1 : 0;
            }
            return new Result(
                    version,
                    trainRows.length,
                    fraud,
                    seconds,
                    comparisons,
                    fit.importance(),
                    model(version, set, seed, comparisons.get(0).trained(), booster));
        }
    }

    private static Comparison compare(
            String what, Path data, TrainingSet set, int[] rows, ModelFit fit) throws XGBoostError {
        double[] trained = fit.predict(set, rows);
        double[] builtIn = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            builtIn[i] = set.builtInScore(rows[i]);
        }
        return new Comparison(
                what,
                data,
                rows.length,
                Measures.of(set, rows, trained),
                Measures.of(set, rows, builtIn));
    }

    /**
     * The model file: format, version, the features in column order, the fit's settings, the
     * thresholds that meet 30 and 10 alerts per 10,000 held-out events (review and block), and the
     * trees in XGBoost's JSON.
     */
    private static ObjectNode model(
            String version, TrainingSet set, long seed, Measures heldOut, String booster)
            throws IOException {
        ObjectNode root =
                modelFile(
                        version,
                        set.features(),
                        heldOut.at(30).threshold(),
                        heldOut.at(10).threshold(),
                        booster);
        ObjectNode settings = root.putObject("settings");
        ModelFit.SETTINGS.forEach((k, v) -> settings.putPOJO(k, v));
        settings.put("rounds", ModelFit.ROUNDS);
        settings.put("seed", seed);
        settings.put("testShare", TEST_SHARE);
        return root;
    }

    /**
     * A model file in the format {@code ModelConfig} reads ({@value #FORMAT}): what {@code train}
     * writes, without the fit's settings.
     */
    public static ObjectNode modelFile(
            String version, List<String> features, double review, double block, String booster)
            throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", version);
        ArrayNode columns = root.putArray("features");
        features.forEach(columns::add);
        root.putObject("thresholds").put("review", review).put("block", block);
        root.set("booster", json.readTree(booster));
        return root;
    }

    /** Writes the model and the report (JSON) files. */
    public static void write(Result result, Path model, Path report) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(model, new ObjectMapper().writeValueAsString(result.model()));
        ObjectNode r = json.createObjectNode();
        r.put("model", result.version());
        r.put("trainEvents", result.trainEvents());
        r.put("trainFraudEvents", result.trainFraudEvents());
        r.put("fitSeconds", result.fitSeconds());
        r.set("importance", json.valueToTree(result.importance()));
        ArrayNode list = r.putArray("comparisons");
        for (Comparison c : result.comparisons()) {
            ObjectNode n = list.addObject();
            n.put("what", c.what());
            n.put("data", c.data().toString());
            n.put("events", c.events());
            n.set("trained", json.valueToTree(c.trained()));
            n.set("builtIn", json.valueToTree(c.builtIn()));
        }
        Files.writeString(report, json.writeValueAsString(r));
    }

    /** The comparisons as a table a person reads. */
    public static String table(Result result) {
        StringBuilder s = new StringBuilder();
        for (Comparison c : result.comparisons()) {
            Measures t = c.trained();
            Measures b = c.builtIn();
            s.append(
                    String.format(
                            Locale.ROOT,
                            "  %s: %s (%,d events, %,d fraud events, %,d fraud accounts)%n",
                            c.what(),
                            c.data(),
                            c.events(),
                            t.fraudEvents(),
                            t.fraudAccounts()));
            s.append(
                    String.format(Locale.ROOT, "    %-44s %10s %10s%n", "", "trained", "built-in"));
            s.append(row("PR-AUC (events)", t.prAuc(), b.prAuc()));
            for (int budget : Measures.BUDGETS) {
                s.append(
                        row(
                                "account recall at " + budget + " alerts per 10,000",
                                t.at(budget).accountRecall(),
                                b.at(budget).accountRecall()));
                s.append(
                        String.format(
                                Locale.ROOT,
                                "    %-44s %10d %10d%n",
                                "  honest accounts alerted",
                                t.at(budget).honestAccountsAlerted(),
                                b.at(budget).honestAccountsAlerted()));
            }
        }
        return s.toString();
    }

    /** The {@code n} features the model leans on most, with their shares of the gain. */
    public static String importance(Result result, int n) {
        StringBuilder s = new StringBuilder();
        result.importance().entrySet().stream()
                .limit(n)
                .forEach(
                        e ->
                                s.append(
                                        String.format(
                                                Locale.ROOT,
                                                "    %-44s %9.1f %%%n",
                                                e.getKey(),
                                                e.getValue() * 100)));
        return s.toString();
    }

    private static String row(String what, double trained, double builtIn) {
        return String.format(Locale.ROOT, "    %-44s %10.3f %10.3f%n", what, trained, builtIn);
    }
}
